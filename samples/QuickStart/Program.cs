// CallCrm.Connectors quick start (placeholder): normalize the phone numbers a contact center really receives.
// Run with: dotnet run --project samples/QuickStart
using CallCrm.Connectors.Normalization;

var normalizer = new PhoneNumberNormalizer(new PhoneNumberNormalizerOptions { DefaultRegion = "CN" });

(string Raw, string? Region, string Note)[] samples =
[
    ("13800138000", null, "China mobile, national"),
    ("010-65529988转8001", null, "Beijing landline, 转 extension"),
    ("＋８６　１３８－００１３－８０００", null, "full-width digits and plus"),
    ("\"Zhang San\" <sip:+8613800138000@pbx.example.com>", null, "caller-ID string with SIP URI"),
    ("tel:+1-201-555-0123;ext=42", null, "tel URI with extension (US)"),
    ("011 44 20 7946 0958", null, "011 international prefix (UK)"),
    ("01512 3456789", "DE", "Germany mobile, region override"),
    ("090-1234-5678", "JP", "Japan mobile, region override"),
    ("(11) 96123-4567", "BR", "Brazil mobile, region override"),
    ("0412 345 678", "AU", "Australia mobile, region override"),
    ("anonymous", null, "withheld-caller word"),
    ("+266696687", null, "Twilio sentinel for ANONYMOUS"),
    ("12", null, "too short"),
    ("call me", null, "letters"),
    ("", null, "nothing sent"),
];

Console.WriteLine($"Default region: {normalizer.DefaultRegion}");
Console.WriteLine();
Console.WriteLine($"{"Input",-36} {"Status",-9} {"E.164",-15} {"Ext",-5} {"Region",-6} {"Type",-18} Note");
Console.WriteLine(new string('-', 120));
foreach (var (raw, region, note) in samples)
{
    var result = normalizer.Normalize(raw, region);
    var detail = result.Status == PhoneNumberStatus.Invalid ? $"{note} ({result.FailureReason})" : note;

    // A sample may print sample numbers; real connector code must never log raw phone numbers.
    Console.WriteLine(
        $"{Pad(Shorten(raw), 36)} {result.Status,-9} {result.E164 ?? "-",-15} {result.Extension ?? "-",-5} " +
        $"{result.RegionCode ?? "-",-6} {(result.IsValid ? result.LineType.ToString() : "-"),-18} {detail}");
}

Console.WriteLine();
var rejected = normalizer.Normalize("12").ToConnectorError(fieldName: "from");
Console.WriteLine($"Dead-letter error for an invalid number: {rejected.Code} - {rejected.TechnicalDetail}");
return 0;

// Pads by terminal columns: CJK and full-width characters take two.
static string Pad(string value, int columns)
{
    var width = value.Sum(c => IsWide(c) ? 2 : 1);
    return value + new string(' ', Math.Max(0, columns - width));
}

static bool IsWide(char c) =>
    c is (>= '\u1100' and <= '\u115F') or (>= '\u2E80' and <= '\uA4CF') or (>= '\uAC00' and <= '\uD7A3')
        or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF00' and <= '\uFF60') or (>= '\uFFE0' and <= '\uFFE6');

static string Shorten(string value)
{
    var visible = value.Length == 0 ? "(empty)" : value;
    return visible.Length <= 34 ? visible : string.Concat(visible.AsSpan(0, 33), "…");
}
