using System.Globalization;
using System.Text;
using System.Text.Json;
using Beacon.Features.Accounts;

namespace Beacon.Features.Audit;

/// <summary>One line of an entry's changes: a field's value before and after, or one detail of an event.</summary>
public sealed record AuditChange(string Field, string? Before, string? After, bool IsFieldChange);

/// <summary>
/// Audit entries in words an office manager or surveyor reads: "Role given: Auditor" rather than
/// role.granted {"role":"Auditor"}. The codes stay visible beside the words, since they are what is hashed.
/// </summary>
public static class AuditText
{
    private const int MaxValueLength = 300;

    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["sign-in.succeeded"] = "Signed in",
        ["sign-in.failed"] = "Sign-in failed",
        ["sign-in.locked-out"] = "Sign-in refused: too many failed attempts",
        ["account.created"] = "Account created from an invitation",
        ["account.disabled"] = "Account disabled",
        ["account.enabled"] = "Account enabled again",
        ["sessions.ended"] = "Signed out everywhere by an administrator",
        ["role.granted"] = "Role given",
        ["role.removed"] = "Role taken away",
        ["invitation.sent"] = "Invitation sent",
        ["invitation.revoked"] = "Invitation withdrawn",
        ["email.retried"] = "Email queued to be sent again",
        ["audit.verified"] = "Audit chain checked",
    };

    private static readonly Dictionary<string, string> Targets = new(StringComparer.Ordinal)
    {
        ["practice"] = "Practice",
        ["site"] = "Site",
        ["staff"] = "Roster record",
        ["account"] = "Account",
        ["invitation"] = "Invitation",
        ["email"] = "Email",
        ["audit"] = "Audit log",
    };

    /// <summary>The action in words, e.g. "Site changed" for site.updated.</summary>
    public static string ActionName(string action)
    {
        if (Actions.TryGetValue(action, out var known))
        {
            return known;
        }
        var dot = action.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && Targets.TryGetValue(action[..dot], out var target))
        {
            var verb = action[(dot + 1)..] switch
            {
                "created" => "added",
                "updated" => "changed",
                "deleted" => "deleted",
                var other => Words(other),
            };
            return $"{target} {verb}";
        }
        return Capitalise(Words(action));
    }

    public static string TargetName(string? targetType) =>
        targetType is null ? "" : Targets.TryGetValue(targetType, out var name) ? name : Capitalise(Words(targetType));

    /// <summary>One line for an account's activity list: the action and its most telling detail.</summary>
    public static string Describe(string action, string? changesJson)
    {
        var name = ActionName(action);
        var details = Changes(changesJson).Where(c => !c.IsFieldChange).ToList();
        var role = details.FirstOrDefault(d => d.Field == "Role");
        if (role is not null)
        {
            return $"{name}: {role.After}";
        }
        var reason = details.FirstOrDefault(d => d.Field == "Reason");
        return reason is null ? name : $"{name} ({reason.After})";
    }

    /// <summary>
    /// The entry's JSON as lines: {"Field":{"before":…,"after":…}} from row changes, or the details of an event.
    /// Text that is not JSON (it should not happen, but the log must always render) comes back as one line.
    /// </summary>
    public static IReadOnlyList<AuditChange> Changes(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [new AuditChange("Details", null, Shorten(json), false)];
            }
            var lines = new List<AuditChange>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("before", out var before) && value.TryGetProperty("after", out var after))
                {
                    lines.Add(new AuditChange(FieldName(property.Name), Text(before), Text(after), true));
                }
                else
                {
                    lines.Add(new AuditChange(FieldName(property.Name), null, Detail(property.Name, value), false));
                }
            }
            return lines;
        }
        catch (JsonException)
        {
            return [new AuditChange("Details", null, Shorten(json), false)];
        }
    }

    private static string? Detail(string name, JsonElement value)
    {
        var text = Text(value);
        return name switch
        {
            "role" when text is not null => Roles.Describe(text),
            "roles" when text is not null => string.Join(", ", text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Roles.Describe)),
            _ => text,
        };
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.String => Shorten(value.GetString() ?? ""),
        _ => Shorten(value.GetRawText()),
    };

    private static string Shorten(string text) =>
        text.Length <= MaxValueLength ? text : string.Concat(text.AsSpan(0, MaxValueLength), "…");

    /// <summary>"RequireAdminMfa" → "Require admin mfa"; "sessionsEnded" → "Sessions ended".</summary>
    private static string FieldName(string name)
    {
        var words = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]))
            {
                words.Append(' ');
            }
            words.Append(i == 0 ? c : char.ToLower(c, CultureInfo.InvariantCulture));
        }
        return Capitalise(words.ToString());
    }

    private static string Words(string code) => code.Replace('.', ' ').Replace('-', ' ').Replace('_', ' ');

    private static string Capitalise(string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
}
