using System;

namespace CallCrm.Connectors.Mapping;

/// <summary>A rule made of a delegate; the built-in rules of <see cref="FieldRules"/> are all of this kind.</summary>
internal sealed class DelegateFieldRule : IFieldRule
{
    private readonly Func<string?, FieldRuleOutcome> apply;

    public DelegateFieldRule(string name, Func<string?, FieldRuleOutcome> apply)
    {
        Name = name;
        this.apply = apply;
    }

    /// <summary>Gets the rule's name, for debugging.</summary>
    public string Name { get; }

    public FieldRuleOutcome Apply(string? value) => apply(value);

    public override string ToString() => Name;
}
