using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Beacon.Features.Series;

/// <summary>The error-summary pattern of Beacon's forms: per-field messages, classes and aria-describedby, in field order.</summary>
public sealed class FormErrors(ModelStateDictionary state, string prefix, IReadOnlyList<string> order, string heading)
{
    public string Heading => heading;

    public string? Error(string field) =>
        state.TryGetValue(prefix + field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public string Invalid(string field) => Error(field) is null ? "" : " is-invalid";

    public string? Described(string field, string? hint = null)
    {
        var ids = new List<string>();
        if (hint is not null)
        {
            ids.Add(hint);
        }
        if (Error(field) is not null)
        {
            ids.Add("error-" + field);
        }
        return ids.Count == 0 ? null : string.Join(" ", ids);
    }

    public IReadOnlyList<(string Field, string Message)> Fields =>
        order.Select(f => (Field: f, Message: Error(f))).Where(e => e.Message is not null).Select(e => (e.Field, e.Message!)).ToList();

    public IReadOnlyList<string> Other =>
        state.TryGetValue("", out var general) ? general.Errors.Select(e => e.ErrorMessage).ToList() : [];

    public string InputId(string field) => (prefix + field).Replace('.', '_');
}
