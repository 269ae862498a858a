namespace CallCrm.Connectors.Normalization;

/// <summary>The format in which a <see cref="DateTimeNormalizer"/> read a value.</summary>
public enum DateTimeInputFormat
{
    /// <summary>No format: the value could not be read.</summary>
    None = 0,

    /// <summary>ISO 8601 (<c>2026-11-23T14:05:00+08:00</c>, <c>2026-11-23 14:05Z</c>, <c>2026-11-23</c>).</summary>
    Iso8601,

    /// <summary>Year first with slashes or dots (<c>2026/11/23 14:05:00</c>, <c>2026.11.23</c>).</summary>
    YearFirstSlashed,

    /// <summary>Chinese date and time (<c>2026年11月23日 14:05</c>, <c>2026年11月23日14时05分00秒</c>).</summary>
    Chinese,

    /// <summary>RFC 1123 / RFC 5322 (<c>Tue, 24 Nov 2026 14:05:00 +0000</c>, <c>… GMT</c>).</summary>
    Rfc1123,

    /// <summary>Seconds since the Unix epoch (<c>1795529100</c>, <c>1795529100.25</c>).</summary>
    UnixSeconds,

    /// <summary>Milliseconds since the Unix epoch (<c>1795529100000</c>).</summary>
    UnixMilliseconds,

    /// <summary>The legacy Microsoft JSON form <c>/Date(1795529100000)/</c> or <c>/Date(1795529100000+0800)/</c>.</summary>
    MicrosoftJsonDate,
}
