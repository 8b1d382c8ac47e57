using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Features.Learning;

/// <summary>
/// A whole module for the learner's track on one page, to print or read offline: objectives, every section
/// and case, the knowledge-check questions (without answers) and the sources with their addresses.
/// Reading it here does not move the learner's resume point or finish the module.
/// </summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class PrintModuleModel(Learners learners, LessonPlayer player) : PageModel
{
    [FromRoute]
    public string ModuleId { get; set; } = "";

    public LearnerCourse Opened { get; private set; } = null!;
    public CourseModule Module { get; private set; } = null!;
    public int ModuleNumber { get; private set; }
    public IReadOnlyList<ModulePart> Parts { get; private set; } = [];
    public IReadOnlyList<CourseSource> Sources { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var learner = await learners.CurrentAsync(cancellationToken);
        var opened = learner is null ? null : await player.OpenAsync(learner, cancellationToken);
        if (opened is null)
        {
            return Redirect("/learn");
        }
        Opened = opened;
        ModuleNumber = opened.NumberOf(ModuleId);
        if (ModuleNumber == 0 || opened.Course.Module(ModuleId) is not { } module)
        {
            return NotFound();
        }
        Module = module;
        Parts = module.PartsFor(opened.Track.Id);
        var cited = Parts.SelectMany(p => LessonRenderer.Citations(p.Markdown).Concat(p.Discussion.SelectMany(LessonRenderer.Citations)))
            .Concat(opened.CheckQuestionsOf(module).SelectMany(q => q.Sources))
            .Distinct(StringComparer.Ordinal);
        Sources = [.. cited.Select(key => opened.Course.Bibliography.FirstOrDefault(s => s.Key == key)).OfType<CourseSource>()];
        return Page();
    }

    /// <summary>A post to a page that only shows is a bad request, not a blank page.</summary>
    public IActionResult OnPost() => BadRequest();
}
