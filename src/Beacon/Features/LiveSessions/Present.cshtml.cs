using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Courses;
using Beacon.Features.Operations;
using Beacon.Features.ReferralDirectory;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Features.LiveSessions;

/// <summary>
/// The presenter view: the session's track as slides for a projector, with speaker notes. With script it
/// shows one slide at a time (keyboard, notes pane, full screen, from wwwroot/js/presenter.js); without,
/// every slide reads in order on one page, each with its own anchor.
/// </summary>
[Authorize(Policy = Policies.Instructor)]
public sealed class PresentModel(BeaconDbContext db, TenantContext tenant, CourseCatalog catalog, NationalResourceService national, IOptions<SecurityOptions> security) : PageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    public SessionDetails Details { get; private set; } = null!;
    public IReadOnlyList<Slide> Slides { get; private set; } = [];
    public string Link { get; private set; } = "";
    public string QrCode { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await SessionDetails.LoadAsync(db, tenant, catalog, Id, cancellationToken) is not { } details)
        {
            return NotFound();
        }
        Details = details;
        var assistance = await db.Practices.Where(p => p.Id == tenant.PracticeId).Select(p => p.EmployeeAssistance).FirstOrDefaultAsync(cancellationToken);
        var context = new LessonContext(details.PracticeName, assistance, await national.HotlineAsync(cancellationToken));
        Slides = PresenterSlides.Build(details.Course, details.Track, details.Session.Title, context);
        Link = CheckInLink.For(security.Value, details.Session.CheckInCode);
        QrCode = CheckInLink.QrDataUri(Link);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        await db.LiveSessions.AnyAsync(s => s.Id == Id, cancellationToken) ? BadRequest() : NotFound();

    public CourseSource? Source(string key) => Details.Course.Bibliography.FirstOrDefault(s => s.Key == key);
}
