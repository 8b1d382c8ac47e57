using Beacon.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.ReferralDirectory;

/// <summary>What the entry form partial needs from its page.</summary>
public interface IEntryFormPage
{
    IReadOnlyDictionary<string, string> Values { get; }
    IReadOnlyList<FieldError> Errors { get; }
    string SubmitText { get; }
    string CancelUrl { get; }
}

/// <summary>The add and edit pages' shared reading and checking of the entry form.</summary>
public static class DirectoryForm
{
    /// <summary>The form's fields by name; list fields (checkboxes) joined with ";", an unticked box is "no".</summary>
    public static Dictionary<string, string?> Read(IFormCollection form, bool active)
    {
        var raw = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in DirectoryFields.All)
        {
            var values = form[field.Name];
            raw[field.Name] = field.Kind switch
            {
                FieldKind.Bool => values.Any(v => v == "yes") ? "yes" : "no",
                FieldKind.List => string.Join(';', values.Where(v => v is not null)),
                _ => values.FirstOrDefault(),
            };
        }
        raw["active"] = active ? "yes" : "no";
        return raw;
    }

    /// <summary>The field checks, then the practice-wide ones: names are unique (imports match by them) and the card holds 2 local lines.</summary>
    public static async Task<CheckedEntry> CheckAsync(BeaconDbContext db, Guid? entryId, IReadOnlyDictionary<string, string?> raw, DateOnly today,
        IReadOnlyList<string> forbiddenWords, CancellationToken cancellationToken)
    {
        var checkedEntry = DirectoryFields.Check(raw, today, forbiddenWords);
        var errors = checkedEntry.Errors.ToList();
        var name = checkedEntry["name"];
        if (name.Length > 0)
        {
            var others = await db.DirectoryEntries.AsNoTracking().Where(e => e.Id != entryId).Select(e => e.Name).ToListAsync(cancellationToken);
            if (others.Any(o => string.Equals(o.Trim(), name, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Insert(0, new FieldError("name", $"Name: another entry is already called “{name}”. Give each partner its own name (imports match entries by it)."));
            }
        }
        if (checkedEntry["onPatientCard"] == "yes" && checkedEntry["active"] == "yes")
        {
            var onCard = await db.DirectoryEntries.AsNoTracking().Where(e => e.Id != entryId && e.Active && e.OnPatientCard).Select(e => e.Name).ToListAsync(cancellationToken);
            if (onCard.Count >= DirectoryFields.MaxOnPatientCard)
            {
                errors.Add(new FieldError("onPatientCard", $"Print on the patient card: the card has room for {DirectoryFields.MaxOnPatientCard} local lines and already prints {string.Join(" and ", onCard)}. Take one off first."));
            }
        }
        return checkedEntry with { Errors = errors };
    }

    /// <summary>Today's date where the practice is.</summary>
    public static async Task<DateOnly> TodayAsync(BeaconDbContext db, Guid practiceId, TimeProvider time, CancellationToken cancellationToken)
    {
        var zone = (await Roster.PracticeTime.ForAsync(db, practiceId, cancellationToken)).Zone;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
    }

    /// <summary>The id an error summary links to: the field's input, or a list's first checkbox.</summary>
    public static string InputId(string fieldName)
    {
        if (fieldName.Length == 0)
        {
            return "";
        }
        var field = DirectoryFields.ByName(fieldName);
        return field.Kind == FieldKind.List ? $"f-{field.Name}-{field.Terms![0].Id}" : $"f-{field.Name}";
    }
}
