using System;
using System.Collections.Generic;

namespace CallCrm.Connectors.Sync.Tags;

/// <summary>Who owns each tag, by tag name (case-insensitive).</summary>
public sealed class TagOwnershipOptions
{
    /// <summary>Gets or sets the owner of tags not listed in <see cref="Owners"/>.</summary>
    /// <value>The default value is <see cref="TagOwner.Crm"/>.</value>
    public TagOwner DefaultOwner { get; set; } = TagOwner.Crm;

    /// <summary>Gets the owner of individual tags, by tag name.</summary>
    public IDictionary<string, TagOwner> Owners { get; } = new Dictionary<string, TagOwner>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the owner of a tag.</summary>
    /// <param name="tagName">The tag's name.</param>
    /// <returns>The owner.</returns>
    public TagOwner OwnerOf(string tagName) => Owners.TryGetValue(tagName, out var owner) ? owner : DefaultOwner;
}
