using CallCrm.Connectors.Security.Access;

namespace CallCrm.Connectors.Security.Tests.Access;

public sealed class CustomerDataAccessOptionsValidatorTests
{
    private const string KnownFields = "DisplayName, FirstName, LastName, Company, Email, PhoneNumbers, Language, Owner, LastActivityAt, ModifiedAt, RecordingUrl";

    private static CustomerDataAccessOptions RoleWithTypos()
    {
        var options = new CustomerDataAccessOptions();
        var role = new RoleAccessOptions();
        role.Fields["Emial"] = FieldAccess.Visible;
        role.Views.Add((DataView)42);
        options.Roles["Night shift"] = role;
        return options;
    }

    [Test]
    [SetUICulture("en-US")]
    public void Validate_UnknownFieldAndView_NamesTheRoleAndListsTheKnownFields()
    {
        var result = new CustomerDataAccessOptionsValidator().Validate(null, RoleWithTypos());

        result.Failures.Should().Equal(
            "Role 'Night shift' names unknown field 'Emial'. Known fields: " + KnownFields + "; use CustomFields for the CRM's own fields.",
            "Role 'Night shift' names unknown view '42'.");
    }

    [Test]
    [SetUICulture("zh-CN")]
    public void Validate_UnderChineseUiCulture_ExplainsInChinese()
    {
        var options = RoleWithTypos();
        options.RoleClaimType = " ";

        var result = new CustomerDataAccessOptionsValidator().Validate(null, options);

        result.Failures.Should().Equal(
            "RoleClaimType 必须指定一个声明类型。",
            "角色“Night shift”指定了未知字段“Emial”。已知字段：" + KnownFields + "；CRM 自己的字段请使用 CustomFields。",
            "角色“Night shift”指定了未知视图“42”。");
    }
}
