using System.Buffers.Text;
using Beacon.Data;
using Beacon.Features.Courses;
using Beacon.Features.Operations;
using Beacon.Features.Practices;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Certificates;

/// <summary>
/// The public check behind a certificate's QR code. Anyone may open it, so it shows the least that proves
/// the certificate: the learner's name, the course, the completion date, and valid or revoked (with the
/// date). No practice, email, number or reason: the unguessable code in the address is the only key.
/// </summary>
[AllowAnonymous]
[RefuseUnknownHandlers]
[EnableRateLimiting(RateLimits.Public)]
public sealed class VerifyModel(BeaconDbContext db, TenantContext tenant, CourseCatalog catalog) : PageModel
{
    /// <summary>Codes are 160 random bits in URL-safe base64 (27 characters); anything much longer is not one.</summary>
    private const int MaximumCodeLength = 64;

    public enum Outcome
    {
        Form,
        Found,
        NotFound,
    }

    public sealed record Verified(string LearnerName, string CourseTitle, DateOnly CompletedOn, DateOnly? RevokedOn);

    private sealed record Row(string FirstName, string LastName, string CourseId, string Version, DateOnly CompletedOn, DateTime? RevokedAt, string TimeZoneId);

    public Outcome Result { get; private set; }
    public Verified? Certificate { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken cancellationToken)
    {
        // Search engines have no business listing staff names from these pages.
        Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        if (!RouteData.Values.ContainsKey("code"))
        {
            // The form on /verify sends ?code=…; answer at the address the QR code uses, so it can be shared.
            var typed = Request.Query["code"].ToString().Trim();
            if (typed.Length == 0)
            {
                Result = Outcome.Form;
                return Page();
            }
            // A pasted address works as well as the bare code.
            var slash = typed.LastIndexOf('/');
            typed = slash >= 0 ? typed[(slash + 1)..] : typed;
            return Redirect("/verify/" + Uri.EscapeDataString(typed));
        }

        Certificate = IsCode(code) ? await FindAsync(code!, cancellationToken) : null;
        Result = Certificate is null ? Outcome.NotFound : Outcome.Found;
        if (Certificate is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }

    private static bool IsCode(string? code) =>
        !string.IsNullOrEmpty(code) && code.Length <= MaximumCodeLength && Base64Url.IsValid(code);

    private async Task<Verified?> FindAsync(string code, CancellationToken cancellationToken)
    {
        // Nobody is signed in (or someone of another practice is): the code alone decides, so the look-up
        // acts for the installation and reads only the fields this page shows.
        tenant.ActAsSystem();
        var row = await (
            from c in db.Certificates.IgnoreQueryFilters().AsNoTracking()
            join k in db.Completions.IgnoreQueryFilters() on c.CompletionId equals k.Id
            join s in db.StaffMembers.IgnoreQueryFilters() on c.StaffMemberId equals s.Id
            join p in db.Practices on c.PracticeId equals p.Id
            where c.VerificationCode == code
            select new Row(s.FirstName, s.LastName, k.CourseId, k.Version, k.CompletedOn, c.RevokedAt, p.TimeZoneId))
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        var course = await catalog.GetAsync(row.CourseId, row.Version, cancellationToken);
        var clock = PracticeClock.For(row.TimeZoneId);
        return new Verified($"{row.FirstName} {row.LastName}", course?.Title ?? row.CourseId, row.CompletedOn,
            row.RevokedAt is { } revoked ? DateOnly.FromDateTime(clock.ToLocal(revoked)) : null);
    }
}
