using System.Globalization;

namespace CallCrm.Connectors.QuickStart;

/// <summary>The command line: <c>[--calls N] [--state PATH] [--simulator-url URL] [--outage]</c>.</summary>
internal sealed record QuickStartArguments(int Calls, string StatePath, Uri? SimulatorUrl, bool Outage)
{
    public const string Usage = "Usage: dotnet run --project samples/QuickStart -- [--calls N] [--state PATH] [--simulator-url URL] [--outage]";

    public static QuickStartArguments Parse(string[] args)
    {
        var calls = 3000;
        var state = Path.Combine(Environment.CurrentDirectory, "callcrm-quickstart.db");
        Uri? simulator = null;
        var outage = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            switch (args[i])
            {
                case "--calls":
                    calls = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 100_000
                        ? n : throw new ArgumentException("--calls must be a whole number from 1 to 100000.");
                    break;
                case "--state": state = Path.GetFullPath(Value()); break;
                case "--simulator-url":
                    simulator = Uri.TryCreate(Value(), UriKind.Absolute, out var url) && url.IsLoopback
                        ? new Uri(url.GetLeftPart(UriPartial.Authority) + "/") : throw new ArgumentException("--simulator-url must be an absolute loopback URL, e.g. http://127.0.0.1:5080.");
                    break;
                case "--outage": outage = true; break;
                default: throw new ArgumentException($"Unknown option {args[i]}. {Usage}");
            }
        }

        return new QuickStartArguments(calls, state, simulator, outage);
    }
}
