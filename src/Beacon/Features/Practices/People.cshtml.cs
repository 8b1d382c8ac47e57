using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Practices;

/// <summary>
/// Who can sign in for the practice: its accounts, the invitations not yet accepted, and the form that
/// invites someone new. Accounts and invitations are not covered by the tenant query filters, so every
/// query here names the practice itself.
/// </summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class PeopleModel(BeaconDbContext db, TenantContext tenant, InvitationService invitations, TimeProvider time) : PageModel
{
    public const int PageSize = 100;

    /// <summary>Above this many people without an account, a drop-down list stops being usable: look people up by id or email instead.</summary>
    public const int StaffListLimit = 500;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public InviteInput Invite { get; set; } = new();

    public string PracticeName { get; private set; } = "";
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;
    public IReadOnlyList<AccountRow> Accounts { get; private set; } = [];
    public bool HasMoreAccounts { get; private set; }
    public IReadOnlyList<InvitationRow> Invitations { get; private set; } = [];
    public int OpenInvitationCount { get; private set; }
    public IReadOnlyList<StaffOption> StaffOptions { get; private set; } = [];
    public bool StaffByLookup { get; private set; }

    /// <summary>A problem with the invitation as a whole (as opposed to one field), e.g. the address already has an account.</summary>
    public string? InviteError { get; private set; }

    public sealed class InviteInput
    {
        public string? Email { get; set; }
        public string? DisplayName { get; set; }
        public List<string> Roles { get; set; } = [];
        public Guid? StaffMemberId { get; set; }
        public string? StaffLookup { get; set; }
    }

    public sealed record AccountRow(Guid Id, string Name, string Email, IReadOnlyList<string> Roles, bool TwoFactor, bool Disabled, DateTime? LastSignIn);

    public sealed record InvitationRow(Guid Id, string Email, string Name, IReadOnlyList<string> Roles, DateTime SentAt, DateTime ExpiresAt, bool Expired);

    public sealed record StaffOption(Guid Id, string Name, string Detail);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Most people invited are staff who take the training; the administrator adds other roles as needed.
        Invite.Roles = [Roles.Learner];
        await LoadAsync(cancellationToken);
    }

    /// <summary>A post that names no form of this page (or one it does not have) is a bad request, not a blank page.</summary>
    public IActionResult OnPost() => BadRequest();

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        var practiceId = tenant.PracticeId;
        var email = (Invite.Email ?? "").Trim().ToLowerInvariant();
        var name = (Invite.DisplayName ?? "").Trim();
        var roles = Invite.Roles.Distinct(StringComparer.Ordinal).ToList();

        if (email.Length == 0)
        {
            ModelState.AddModelError("Invite.Email", "Enter the email address the invitation should go to.");
        }
        else if (email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            ModelState.AddModelError("Invite.Email", "Enter a valid email address, like name@example.com.");
        }
        if (name.Length == 0)
        {
            ModelState.AddModelError("Invite.DisplayName", "Enter the person's name as it should appear in Beacon.");
        }
        else if (name.Length > 200)
        {
            ModelState.AddModelError("Invite.DisplayName", "Keep the name under 200 characters.");
        }
        // Only practice roles: a practice administrator can never hand out the provider's role.
        if (roles.Count == 0 || roles.Any(r => !Roles.PracticeRoles.Contains(r)))
        {
            ModelState.AddModelError("Invite.Roles", "Choose at least one role from the list.");
        }

        var staffMemberId = await ResolveStaffMemberAsync(email, cancellationToken);
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        // The service revokes an earlier invitation to the same address before adding this one: both or neither.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcome = await invitations.InviteAsync(practiceId, email, name, roles, staffMemberId, cancellationToken);
        if (!outcome.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            InviteError = outcome.Error;
            await LoadAsync(cancellationToken);
            return Page();
        }
        await transaction.CommitAsync(cancellationToken);
        TempData["Status"] = $"Invitation sent to {email}. The link in it works once and expires in 7 days.";
        return Redirect("/practice/people");
    }

    /// <summary>
    /// The roster record the new account will belong to: the one picked, the one looked up by employee id or
    /// email, or, when neither was given, the active roster entry with the invited address.
    /// </summary>
    private async Task<Guid?> ResolveStaffMemberAsync(string email, CancellationToken cancellationToken)
    {
        var practiceId = tenant.PracticeId;
        var unlinked = db.StaffMembers.AsNoTracking()
            .Where(s => s.Active && !db.Users.Any(u => u.PracticeId == practiceId && u.StaffMemberId == s.Id));

        if (Invite.StaffMemberId is { } picked)
        {
            if (!await unlinked.AnyAsync(s => s.Id == picked, cancellationToken))
            {
                ModelState.AddModelError("Invite.StaffMemberId", "That person is not on the active roster, or already has a Beacon account. Choose someone else from the list.");
            }
            return picked;
        }
        if (!string.IsNullOrWhiteSpace(Invite.StaffLookup))
        {
            var key = Invite.StaffLookup.Trim();
            var keyEmail = key.ToLowerInvariant();
            var found = await unlinked.Where(s => s.EmployeeId == key || s.Email == keyEmail).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken);
            if (found is null)
            {
                ModelState.AddModelError("Invite.StaffLookup", "No one on the active roster without an account has that employee ID or email address.");
            }
            return found;
        }
        return email.Length == 0
            ? null
            : await unlinked.Where(s => s.Email == email).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var practiceId = tenant.PracticeId;
        var now = time.GetUtcNow().UtcDateTime;
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        var practice = await db.Practices.AsNoTracking().Where(p => p.Id == practiceId).Select(p => new { p.Name, p.TimeZoneId }).FirstAsync(cancellationToken);
        PracticeName = practice.Name;
        Clock = PracticeClock.For(practice.TimeZoneId);

        var accounts = db.Users.AsNoTracking().Where(u => u.PracticeId == practiceId);
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var pattern = TextSearch.Contains(Search);
            // SQLite's LIKE ignores case already; PostgreSQL needs ILIKE for the same answer.
            accounts = db.Database.IsNpgsql()
                ? accounts.Where(u => EF.Functions.ILike(u.DisplayName, pattern, TextSearch.Escape) || EF.Functions.ILike(u.Email!, pattern, TextSearch.Escape))
                : accounts.Where(u => EF.Functions.Like(u.DisplayName, pattern, TextSearch.Escape) || EF.Functions.Like(u.Email!, pattern, TextSearch.Escape));
        }
        var page = await accounts
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize + 1)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                Email = u.Email ?? "",
                u.TwoFactorEnabled,
                u.Disabled,
                LastSignIn = db.UserSessions.Where(s => s.UserId == u.Id).Max(s => (DateTime?)s.CreatedAt),
            })
            .ToListAsync(cancellationToken);
        HasMoreAccounts = page.Count > PageSize;
        var ids = page.Take(PageSize).Select(u => u.Id).ToList();
        var roles = await RolesOfAsync(ids, cancellationToken);
        Accounts = page.Take(PageSize)
            .Select(u => new AccountRow(u.Id, u.DisplayName, u.Email, roles[u.Id].ToList(), u.TwoFactorEnabled, u.Disabled, u.LastSignIn))
            .ToList();

        var open = db.Invitations.AsNoTracking().Where(i => i.PracticeId == practiceId && i.AcceptedAt == null && i.RevokedAt == null);
        OpenInvitationCount = await open.CountAsync(cancellationToken);
        Invitations = (await open
                .OrderByDescending(i => i.CreatedAt)
                .Take(200)
                .Select(i => new { i.Id, i.Email, i.DisplayName, i.Roles, i.CreatedAt, i.ExpiresAt })
                .ToListAsync(cancellationToken))
            .Select(i => new InvitationRow(i.Id, i.Email, i.DisplayName, i.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), i.CreatedAt, i.ExpiresAt, i.ExpiresAt <= now))
            .ToList();

        var unlinked = db.StaffMembers.AsNoTracking()
            .Where(s => s.Active && !db.Users.Any(u => u.PracticeId == practiceId && u.StaffMemberId == s.Id));
        StaffByLookup = await unlinked.CountAsync(cancellationToken) > StaffListLimit;
        if (!StaffByLookup)
        {
            StaffOptions = (await unlinked
                    .OrderBy(s => s.LastName).ThenBy(s => s.FirstName)
                    .Select(s => new { s.Id, s.FirstName, s.LastName, s.Email, s.JobRole })
                    .ToListAsync(cancellationToken))
                .Select(s => new StaffOption(s.Id, $"{s.LastName}, {s.FirstName}", $"{Roster.JobRoles.NameOf(s.JobRole)}, {s.Email}"))
                .ToList();
        }
    }

    private async Task<ILookup<Guid, string>> RolesOfAsync(List<Guid> userIds, CancellationToken cancellationToken)
    {
        var pairs = await (
                from link in db.UserRoles
                join role in db.Roles on link.RoleId equals role.Id
                where userIds.Contains(link.UserId)
                select new { link.UserId, role.Name })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return pairs.ToLookup(p => p.UserId, p => p.Name ?? "");
    }
}
