using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.LiveSessions;

/// <summary>
/// The printable post-test for learners without a phone. One paper per session (drawn from the session id),
/// so every copy printed, whenever, is the same test the answer key marks and the scores are entered for.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class PaperTestModel(BeaconDbContext db, TenantContext tenant, CourseCatalog catalog) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public SessionDetails Details { get; private set; } = null!;
    public IReadOnlyList<PrintedQuestion> Questions { get; private set; } = [];
    public int PassScore { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await SessionDetails.LoadAsync(db, tenant, catalog, Id, cancellationToken) is not { } details)
        {
            return NotFound();
        }
        Details = details;
        Questions = SessionPaper.Print(details.Course, SessionPaper.Draw(details.Course, details.Track, Id));
        PassScore = PaperScores.PassScore(Questions.Count, details.Course.PassMark);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        await db.LiveSessions.AnyAsync(s => s.Id == Id, cancellationToken) ? BadRequest() : NotFound();
}
