using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Practices;

/// <summary>
/// One account of the practice: its roles, whether it may sign in, its open sessions, its roster record and
/// what it did recently. Two rules keep a practice from locking itself out: an administrator cannot take
/// away their own administrator role or disable themselves, and the last administrator keeps the role.
/// </summary>
[Authorize(Policy = Policies.PracticeAdmin)]
public sealed class PersonModel(
    BeaconDbContext db,
    TenantContext tenant,
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    AuditLog audit,
    AuditActor actor,
    IOptions<Accounts.SessionOptions> sessionOptions,
    TimeProvider time) : PageModel
{
    [BindProperty]
    public List<string> SelectedRoles { get; set; } = [];

    public AccountView Account { get; private set; } = null!;
    public StaffView? Staff { get; private set; }
    public IReadOnlyList<ActivityRow> Activity { get; private set; } = [];
    public PracticeClock Clock { get; private set; } = PracticeClock.Utc;
    public bool IsSelf { get; private set; }
    public string? RolesError { get; private set; }

    public sealed record AccountView(Guid Id, string Name, string Email, bool TwoFactor, bool Disabled, DateTime CreatedAt, DateTime? LastSignIn, int OpenSessions, IReadOnlyList<string> Roles);

    public sealed record StaffView(string Name, string JobRole, string Site, bool Active);

    public sealed record ActivityRow(DateTime At, string What, string? IpAddress);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        SelectedRoles = [.. Account.Roles];
        return Page();
    }

    /// <summary>A post that names no form of this page is a bad request; for an id that is not the practice's it is, as ever, not found.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken) =>
        await FindAsync(id, cancellationToken) is null ? NotFound() : BadRequest();

    public async Task<IActionResult> OnPostRolesAsync(Guid id, CancellationToken cancellationToken)
    {
        var user = await FindAsync(id, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }
        var practiceId = tenant.PracticeId;
        var current = await users.GetRolesAsync(user);
        var wanted = SelectedRoles.Distinct(StringComparer.Ordinal).ToList();
        var removingAdmin = current.Contains(Roles.PracticeAdmin) && !wanted.Contains(Roles.PracticeAdmin);

        RolesError = wanted switch
        {
            _ when wanted.Any(r => !Roles.PracticeRoles.Contains(r)) => "Choose roles from the list.",
            [] => "Choose at least one role. To stop someone using Beacon, disable the account instead.",
            _ when removingAdmin && user.Id == actor.UserId => "You cannot remove your own practice administrator role. Ask another practice administrator to do it.",
            _ when removingAdmin && !await OtherAdministratorExistsAsync(user.Id, cancellationToken) =>
                $"{user.DisplayName} is the practice's only active administrator. Make someone else an administrator first.",
            _ => null,
        };
        if (RolesError is not null)
        {
            await LoadAsync(id, cancellationToken);
            return Page();
        }

        var add = wanted.Except(current, StringComparer.Ordinal).ToList();
        var remove = current.Where(Roles.PracticeRoles.Contains).Except(wanted, StringComparer.Ordinal).ToList();
        if (add.Count == 0 && remove.Count == 0)
        {
            TempData["Status"] = "The roles were already as chosen; nothing changed.";
            return Redirect($"/practice/people/{id}");
        }

        // UserManager saves after each call: one transaction makes the grants, removals, the new security
        // stamp and their audit entries a single change.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var role in add)
            {
                audit.Record(practiceId, "role.granted", "account", user.Id.ToString(), new { role });
            }
            foreach (var role in remove)
            {
                audit.Record(practiceId, "role.removed", "account", user.Id.ToString(), new { role });
            }
            if (add.Count > 0)
            {
                EnsureSucceeded(await users.AddToRolesAsync(user, add));
            }
            if (remove.Count > 0)
            {
                EnsureSucceeded(await users.RemoveFromRolesAsync(user, remove));
            }
            // A new stamp makes the person's other sessions sign in again within a minute, with the new roles.
            EnsureSucceeded(await users.UpdateSecurityStampAsync(user));
            await transaction.CommitAsync(cancellationToken);
        }
        if (user.Id == actor.UserId)
        {
            // The administrator's own browser gets the new roles now instead of being signed out.
            await signIn.RefreshSignInAsync(user);
        }
        TempData["Status"] = $"Roles of {user.DisplayName} saved: {RoleText.List(wanted)}. Their other sessions pick up the change within a minute.";
        return Redirect($"/practice/people/{id}");
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid id, CancellationToken cancellationToken)
    {
        var user = await FindAsync(id, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }
        if (user.Id == actor.UserId)
        {
            TempData["Problem"] = "You cannot disable your own account. Ask another practice administrator to do it.";
            return Redirect($"/practice/people/{id}");
        }
        if (user.Disabled)
        {
            TempData["Status"] = $"{user.DisplayName}'s account was already disabled.";
            return Redirect($"/practice/people/{id}");
        }

        // Disabled and signed out everywhere in one save: there is no moment when the account is
        // disabled but a session of it still works.
        user.Disabled = true;
        var ended = await EndSessionsAsync(user.Id, "disabled", cancellationToken);
        audit.Record(tenant.PracticeId, "account.disabled", "account", user.Id.ToString(), new { sessionsEnded = ended });
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"{user.DisplayName}'s account is disabled and signed out everywhere. Their training history is kept.";
        return Redirect($"/practice/people/{id}");
    }

    public async Task<IActionResult> OnPostEnableAsync(Guid id, CancellationToken cancellationToken)
    {
        var user = await FindAsync(id, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }
        if (!user.Disabled)
        {
            TempData["Status"] = $"{user.DisplayName}'s account was already active.";
            return Redirect($"/practice/people/{id}");
        }
        user.Disabled = false;
        audit.Record(tenant.PracticeId, "account.enabled", "account", user.Id.ToString());
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = $"{user.DisplayName} can sign in again.";
        return Redirect($"/practice/people/{id}");
    }

    public async Task<IActionResult> OnPostEndSessionsAsync(Guid id, CancellationToken cancellationToken)
    {
        var user = await FindAsync(id, cancellationToken);
        if (user is null)
        {
            return NotFound();
        }
        var ended = await EndSessionsAsync(user.Id, "ended-by-admin", cancellationToken);
        if (ended == 0)
        {
            TempData["Status"] = $"{user.DisplayName} had no open sessions.";
            return Redirect($"/practice/people/{id}");
        }
        audit.Record(tenant.PracticeId, "sessions.ended", "account", user.Id.ToString(), new { sessionsEnded = ended });
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = ended == 1
            ? $"{user.DisplayName}'s session was ended: they need to sign in again."
            : $"{ended} sessions of {user.DisplayName} were ended: they need to sign in again everywhere.";
        return Redirect($"/practice/people/{id}");
    }

    /// <summary>The account, tracked, if it belongs to this practice; another practice's account is "not found".</summary>
    private Task<AppUser?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Users.FirstOrDefaultAsync(u => u.Id == id && u.PracticeId == tenant.PracticeId, cancellationToken);

    /// <summary>
    /// Marks every session not yet ended as ended, in the change tracker (the caller's save writes them), and
    /// returns how many of them still worked: sessions left idle or past their lifetime are ended anyway.
    /// </summary>
    private async Task<int> EndSessionsAsync(Guid userId, string reason, CancellationToken cancellationToken)
    {
        var (now, seenAfter) = LiveWindow();
        var open = await db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null).ToListAsync(cancellationToken);
        foreach (var session in open)
        {
            session.EndedAt = now;
            session.EndReason = reason;
        }
        return open.Count(s => s.ExpiresAt > now && s.LastSeenAt > seenAfter);
    }

    /// <summary>A session still works until its absolute end, and while it was used within the idle timeout.</summary>
    private (DateTime Now, DateTime SeenAfter) LiveWindow()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return (now, now - sessionOptions.Value.IdleTimeout);
    }

    private async Task<bool> OtherAdministratorExistsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var practiceId = tenant.PracticeId;
        var adminRole = db.Roles.Where(r => r.Name == Roles.PracticeAdmin).Select(r => r.Id);
        return await db.Users.AnyAsync(u => u.PracticeId == practiceId && u.Id != userId && !u.Disabled &&
            db.UserRoles.Any(link => link.UserId == u.Id && adminRole.Contains(link.RoleId)), cancellationToken);
    }

    private static void EnsureSucceeded(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            // Roles come from a fixed list and the account exists: a failure here is a defect, not bad input.
            throw new InvalidOperationException("Changing roles failed: " + string.Join(" ", result.Errors.Select(e => e.Code)));
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var practiceId = tenant.PracticeId;
        var (now, seenAfter) = LiveWindow();
        var account = await db.Users.AsNoTracking()
            .Where(u => u.Id == id && u.PracticeId == practiceId)
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                Email = u.Email ?? "",
                u.TwoFactorEnabled,
                u.Disabled,
                u.CreatedAt,
                u.StaffMemberId,
                LastSignIn = db.UserSessions.Where(s => s.UserId == u.Id).Max(s => (DateTime?)s.CreatedAt),
                OpenSessions = db.UserSessions.Count(s => s.UserId == u.Id && s.EndedAt == null && s.ExpiresAt > now && s.LastSeenAt > seenAfter),
                Roles = (from link in db.UserRoles
                         join role in db.Roles on link.RoleId equals role.Id
                         where link.UserId == u.Id
                         select role.Name).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            return false;
        }
        Account = new AccountView(account.Id, account.DisplayName, account.Email, account.TwoFactorEnabled, account.Disabled, account.CreatedAt,
            account.LastSignIn, account.OpenSessions, account.Roles.Where(r => r is not null).Select(r => r!).ToList());
        IsSelf = account.Id == actor.UserId;
        Clock = await PracticeClock.ForPracticeAsync(db, practiceId, cancellationToken);

        if (account.StaffMemberId is { } staffId)
        {
            Staff = await db.StaffMembers.AsNoTracking()
                .Where(s => s.Id == staffId)
                .Select(s => new StaffView(
                    s.FirstName + " " + s.LastName,
                    s.JobRole,
                    db.Sites.Where(x => x.Id == s.SiteId).Select(x => x.Name).FirstOrDefault() ?? "",
                    s.Active))
                .FirstOrDefaultAsync(cancellationToken);
        }

        var target = id.ToString();
        Activity = (await db.AuditEntries.AsNoTracking()
                .Where(e => e.TargetType == "account" && e.TargetId == target)
                .OrderByDescending(e => e.Sequence)
                .Take(20)
                .Select(e => new { e.At, e.Action, e.Changes, e.IpAddress })
                .ToListAsync(cancellationToken))
            .Select(e => new ActivityRow(e.At, AuditText.Describe(e.Action, e.Changes), e.IpAddress))
            .ToList();
        return true;
    }
}
