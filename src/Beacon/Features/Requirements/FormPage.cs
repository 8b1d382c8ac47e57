using Beacon.Data;
using Beacon.Features.Courses;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Requirements;

/// <summary>Error lookups shared by the requirement forms: the message for a field, and its aria wiring.</summary>
public abstract class FormPage : PageModel
{
    public string? Error(string field, string prefix = "Input.") =>
        ModelState.TryGetValue(prefix + field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public string Invalid(string field, string prefix = "Input.") => Error(field, prefix) is null ? "" : " is-invalid";

    public string? Described(string field, string? hint = null, string prefix = "Input.")
    {
        var ids = new List<string>();
        if (hint is not null)
        {
            ids.Add(hint);
        }
        if (Error(field, prefix) is not null)
        {
            ids.Add("error-" + field);
        }
        return ids.Count == 0 ? null : string.Join(" ", ids);
    }

    /// <summary>Errors in form order, each with the field it belongs to (empty field: the whole form).</summary>
    public IReadOnlyList<(string Field, string Message)> Summary(IEnumerable<string> order, string prefix = "Input.")
    {
        var list = new List<(string, string)>();
        if (ModelState.TryGetValue("", out var general))
        {
            list.AddRange(general.Errors.Select(e => ("", e.ErrorMessage)));
        }
        foreach (var field in order)
        {
            if (Error(field, prefix) is { } message)
            {
                list.Add((field, message));
            }
        }
        return list;
    }
}

/// <summary>The add and edit pages: the same fields, the practice's sites and the published courses.</summary>
public abstract class RequirementFormPage(BeaconDbContext db, CourseCatalog catalog) : FormPage
{
    protected BeaconDbContext Db { get; } = db;

    [BindProperty]
    public RequirementInput Input { get; set; } = new();

    public IReadOnlyList<CourseChoice> Courses { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Sites { get; private set; } = [];

    /// <summary>Licence states already on the roster, offered as a hint.</summary>
    public IReadOnlyList<string> RosterStates { get; private set; } = [];

    protected async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        var courses = new List<CourseChoice>();
        foreach (var id in (await catalog.ListAsync(cancellationToken)).Select(c => c.CourseId).Distinct())
        {
            if (await catalog.CurrentAsync(id, cancellationToken) is { } course)
            {
                courses.Add(new CourseChoice(course.Id, course.Title, [.. course.Tracks.Select(t => (t.Id, t.Title))]));
            }
        }
        Courses = courses;
        Sites = [.. (await Db.Sites.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Id, s.Name, s.Active }).ToListAsync(cancellationToken)).Select(s => (s.Id, s.Active ? s.Name : s.Name + " (closed)"))];
        RosterStates = await Db.StaffMembers.AsNoTracking().Where(s => s.LicenceState != null).Select(s => s.LicenceState!).Distinct().OrderBy(s => s).ToListAsync(cancellationToken);
    }
}
