using CallCrm.Connectors.Security.Audit;

namespace CallCrm.Connectors.Security.Tests.Audit;

public sealed class AuditLogOptionsValidatorTests
{
    private static AuditLogOptions Invalid() => new() { MaxAppendAttempts = 0, MaxBatchSize = 100, BufferCapacity = 10 };

    [Test]
    [SetUICulture("en-US")]
    public void Validate_InvalidOptions_ReportsEverySetting()
    {
        var result = new AuditLogOptionsValidator().Validate(null, Invalid());

        result.Failures.Should().Equal(
            "SealingKey must be set and hold at least 32 characters (for example 32 random bytes, base64).",
            "MaxAppendAttempts must be at least 1.",
            "BufferCapacity must be at least MaxBatchSize.");
    }

    [Test]
    [SetUICulture("zh-CN")]
    public void Validate_UnderChineseUiCulture_ExplainsInChinese()
    {
        var result = new AuditLogOptionsValidator().Validate(null, Invalid());

        result.Failures.Should().Equal(
            "必须设置 SealingKey，且至少包含 32 个字符（例如 32 个随机字节的 base64 编码）。",
            "MaxAppendAttempts 至少为 1。",
            "BufferCapacity 不能小于 MaxBatchSize。");
    }
}
