using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Learning;

/// <summary>A knowledge-check question as one learner sees it: the form before they answer, the feedback after.</summary>
public sealed record CheckQuestionView(int Number, int Count, CourseQuestion Question, CheckAnswer? Answer, string FormAction, string? Error)
{
    public string Anchor => "check-" + Question.Id;

    /// <summary>Only ever read once the learner has answered.</summary>
    public string Rationale => AnswerText.Rationale(Question.Rationale, AnswerText.AsWritten(Question.Options.Count));
}

/// <summary>
/// The self-paced player: one block of a module at a time (lesson section, case vignette or knowledge
/// check) for the learner's track. Every view saves where the learner is, so they resume on any device.
/// </summary>
[Authorize(Policy = Policies.PracticeMember)]
public sealed class LessonModel(BeaconDbContext db, Learners learners, LessonPlayer player) : PageModel
{
    [FromRoute]
    public string ModuleId { get; set; } = "";

    [FromRoute]
    public int? Part { get; set; }

    [BindProperty]
    public string? QuestionId { get; set; }

    [BindProperty]
    public int? Choice { get; set; }

    public LearnerCourse Opened { get; private set; } = null!;
    public CourseModule Module { get; private set; } = null!;
    public int ModuleNumber { get; private set; }
    public IReadOnlyList<ModulePart> Parts { get; private set; } = [];

    /// <summary>The block shown, 0-based (the URL counts from 1).</summary>
    public int Index { get; private set; }

    public ModulePart Block => Parts[Index];
    public bool IsLast => Index == Parts.Count - 1;
    public IReadOnlyList<CheckQuestionView> Questions { get; private set; } = [];
    public IReadOnlyList<CourseSource> Sources { get; private set; } = [];
    public bool ModuleDone { get; private set; }
    public Link? Previous { get; private set; }
    public Link Next { get; private set; } = null!;

    public sealed record Link(string Url, string Label);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }
        if (Part is null)
        {
            // The module's own address resumes inside it when that is where the learner left off.
            var progress = Opened.Progress;
            var resume = progress?.CurrentModuleId == ModuleId ? Math.Clamp(progress.CurrentPart, 0, Parts.Count - 1) + 1 : 1;
            return Redirect($"/learn/modules/{ModuleId}/{resume}");
        }
        var saved = await player.StartAsync(Opened, cancellationToken);
        await player.RecordViewAsync(saved, ModuleId, Index, cancellationToken);
        await ShowAsync(saved, cancellationToken);
        return Page();
    }

    /// <summary>Answers one knowledge-check question; the page (or, for the script, the question alone) then shows the feedback.</summary>
    public async Task<IActionResult> OnPostAnswerAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }
        if (Part is null)
        {
            return NotFound();
        }
        var question = Block.Kind == ModulePartKind.KnowledgeCheck ? Opened.QuestionsOf(Block).FirstOrDefault(q => q.Id == QuestionId) : null;
        if (question is null)
        {
            return BadRequest();
        }
        var progress = await player.StartAsync(Opened, cancellationToken);
        if (Choice is not { } choice || choice < 1 || choice > question.Options.Count)
        {
            await ShowAsync(progress, cancellationToken, (question.Id, "Choose one of the answers, then select “Check my answer”."));
            return Page();
        }
        var answer = await player.AnswerAsync(progress, question, choice, cancellationToken);
        await player.RecordViewAsync(progress, ModuleId, Index, cancellationToken);
        var complete = IsLast && await player.TryCompleteModuleAsync(Opened, progress, Module, cancellationToken);
        if (string.Equals(Request.Headers["X-Requested-With"], "fetch", StringComparison.Ordinal))
        {
            // knowledge-check.js swaps this question's markup in place and announces the result.
            Response.Headers["X-Module-Complete"] = complete ? "true" : "false";
            var questions = Opened.QuestionsOf(Block);
            var number = questions.ToList().FindIndex(q => q.Id == question.Id) + 1;
            return Partial("_CheckQuestion", new CheckQuestionView(number, questions.Count, question, answer, FormAction, null));
        }
        return Redirect($"/learn/modules/{ModuleId}/{Part}#check-{question.Id}");
    }

    /// <summary>time-on-task.js: the learner still has this block open and in focus.</summary>
    public async Task<IActionResult> OnPostHeartbeatAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }
        if (Opened.Progress is { } progress)
        {
            await player.HeartbeatAsync(progress, ModuleId, cancellationToken);
        }
        return new NoContentResult();
    }

    /// <summary>A post naming no handler of this page is a bad request, not a blank page.</summary>
    public IActionResult OnPost() => BadRequest();

    public string FormAction => $"/learn/modules/{ModuleId}/{Index + 1}?handler=Answer";

    public string HeartbeatUrl => $"/learn/modules/{ModuleId}/{Index + 1}?handler=Heartbeat";

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var learner = await learners.CurrentAsync(cancellationToken);
        var opened = learner is null ? null : await player.OpenAsync(learner, cancellationToken);
        if (opened is null)
        {
            // My training explains what is missing (no roster record, or no published course).
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
        if (Parts.Count == 0 || Part is < 1 || Part > Parts.Count)
        {
            return NotFound();
        }
        Index = (Part ?? 1) - 1;
        return null;
    }

    private async Task ShowAsync(CourseProgress progress, CancellationToken cancellationToken, (string QuestionId, string Message)? error = null)
    {
        ModuleDone = IsLast
            ? await player.TryCompleteModuleAsync(Opened, progress, Module, cancellationToken)
            : await db.ModuleCompletions.AnyAsync(m => m.ProgressId == progress.Id && m.ModuleId == ModuleId, cancellationToken);

        var cited = new List<string>();
        cited.AddRange(LessonRenderer.Citations(Block.Markdown));
        cited.AddRange(Block.Discussion.SelectMany(LessonRenderer.Citations));
        if (Block.Kind == ModulePartKind.KnowledgeCheck)
        {
            var questions = Opened.QuestionsOf(Block);
            var ids = questions.Select(q => q.Id).ToList();
            var answers = (await db.CheckAnswers.AsNoTracking()
                    .Where(a => a.ProgressId == progress.Id && ids.Contains(a.QuestionId))
                    .ToListAsync(cancellationToken))
                .GroupBy(a => a.QuestionId)
                .ToDictionary(g => g.Key, g => g.OrderBy(a => a.AnsweredAt).First());
            Questions = [.. questions.Select((q, i) => new CheckQuestionView(i + 1, questions.Count, q, answers.GetValueOrDefault(q.Id), FormAction,
                error is { } e && e.QuestionId == q.Id ? e.Message : null))];
            // Listed from the start (a source key says nothing about which option is best), so the links in
            // feedback the script swaps in have somewhere to point.
            cited.AddRange(questions.SelectMany(q => q.Sources));
        }
        Sources = [.. cited.Distinct(StringComparer.Ordinal).Select(key => Opened.Course.Bibliography.FirstOrDefault(s => s.Key == key)).OfType<CourseSource>()];

        var modules = Opened.Modules;
        var position = ModuleNumber - 1;
        if (Index > 0)
        {
            Previous = new Link($"/learn/modules/{ModuleId}/{Index}", "Previous");
        }
        else if (position > 0)
        {
            var before = modules[position - 1];
            Previous = new Link($"/learn/modules/{before.Id}/{before.PartsFor(Opened.Track.Id).Count}", "Previous module");
        }
        Next = !IsLast
            ? new Link($"/learn/modules/{ModuleId}/{Index + 2}", "Next")
            : position + 1 < modules.Count
                ? new Link($"/learn/modules/{modules[position + 1].Id}/1", "Next module")
                : new Link("/learn", "Back to My training");
    }
}
