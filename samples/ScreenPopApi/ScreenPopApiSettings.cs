namespace CallCrm.Connectors.Samples.ScreenPopApi;

/// <summary>What the sample needs to start.</summary>
public sealed class ScreenPopApiSettings
{
    /// <summary>Gets or sets the port on 127.0.0.1 (0 picks a free one).</summary>
    public int Port { get; set; } = 5090;

    /// <summary>Gets or sets the VendorSimulator to use as HubSpot; <see langword="null"/> starts one in-process.</summary>
    public Uri? SimulatorUrl { get; set; }

    /// <summary>Gets or sets the SQLite file holding the audit log.</summary>
    public string StatePath { get; set; } = Path.Combine(Path.GetTempPath(), "callcrm-screenpop-sample", "state.db");

    /// <summary>Gets or sets the audit sealing key. The default is a sample value: a real deployment reads it from a secret store.</summary>
    public string AuditSealingKey { get; set; } = "screenpop-sample-sealing-key-not-a-secret-0123456789";

    /// <summary>Reads <c>--port</c>, <c>--simulator-url</c> and <c>--state</c> from the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The settings.</returns>
    public static ScreenPopApiSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new ScreenPopApiSettings();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--port":
                    settings.Port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--simulator-url":
                    settings.SimulatorUrl = new Uri(args[i + 1]);
                    break;
                case "--state":
                    settings.StatePath = args[i + 1];
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}. Options: --port <n>, --simulator-url <url>, --state <file>.", nameof(args));
            }
        }

        return settings;
    }
}
