namespace Beacon.Features.Shared;

/// <summary>
/// LIKE patterns built from what a person typed. Their % and _ are escaped, so "50%" finds "50%" and not
/// everything that starts with "50". Use with <c>EF.Functions.Like(column, pattern, TextSearch.Escape)</c>.
/// </summary>
public static class TextSearch
{
    public const string Escape = "\\";

    /// <summary>The whole value, wildcards escaped: with a case-blind LIKE, "an equal name, whatever its capitals".</summary>
    public static string Exactly(string term) => EscapeWildcards(term.Trim());

    public static string Contains(string term) => "%" + EscapeWildcards(term.Trim()) + "%";

    public static string StartsWith(string term) => EscapeWildcards(term.Trim()) + "%";

    private static string EscapeWildcards(string term) => term
        .Replace(Escape, Escape + Escape, StringComparison.Ordinal)
        .Replace("%", Escape + "%", StringComparison.Ordinal)
        .Replace("_", Escape + "_", StringComparison.Ordinal);
}
