namespace Beacon.Features.ReferralDirectory.Toolkit;

/// <summary>One line of the staff directory, national or local, in the words and links staff use.</summary>
public sealed record ListedEntry(
    string Key,
    bool National,
    string Name,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Services,
    string? Description,
    string? Phone,
    string? TextNumber,
    string? Email,
    string? Web,
    string? Hours,
    bool Open24x7,
    IReadOnlyList<string> LanguageTags,
    string? LanguagesNote,
    string Posture,
    string? Confidentiality,
    string? ServiceArea,
    string? Address,
    string? Eligibility,
    string? Notes,
    DateOnly LastVerified)
{
    public static ListedEntry From(NationalResourceRow r) => new(
        r.Key, true, r.Name, [.. DirectoryEntry.Split(r.Categories)], [], null, r.Phone, r.TextNumber, null, r.Web, r.Hours, r.Open24x7,
        [], r.Languages, r.LawEnforcementPosture, null, "National", null, null, r.Note, r.LastVerified);

    public static ListedEntry From(DirectoryEntry e) => new(
        e.Id.ToString(), false, e.Name, [.. DirectoryEntry.Split(e.Categories)], [.. DirectoryEntry.Split(e.Services)], e.Description, e.Phone, e.TextNumber,
        e.Email, e.Web, e.Hours, e.Open24x7, [.. DirectoryEntry.Split(e.Languages)], null, e.LawEnforcementPosture, e.Confidentiality, e.ServiceArea,
        e.ConfidentialLocation ? null : e.Address, e.Eligibility, e.Notes, e.LastVerified);

    /// <summary>Search: every word typed appears in the name, services, categories or description.</summary>
    public bool Matches(string query)
    {
        var haystack = string.Join(' ', [Name, Description ?? "", .. Services, .. Services.Select(s => DirectoryVocabulary.LabelOf(DirectoryVocabulary.Services, s)),
            .. Categories.Select(c => DirectoryVocabulary.LabelOf(DirectoryVocabulary.Categories, c)), ServiceArea ?? ""]);
        return query.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word => haystack.Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A language filter: the entry lists that language (any region or script of it).</summary>
    public bool Speaks(string language) =>
        LanguageTags.Any(t => string.Equals(t, language, StringComparison.OrdinalIgnoreCase) || t.StartsWith(language + "-", StringComparison.OrdinalIgnoreCase))
        || (National && LanguagesNote is { } note && DirectoryVocabulary.LanguageName(language) is { } name && note.Contains(name, StringComparison.OrdinalIgnoreCase));
}
