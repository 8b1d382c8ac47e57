using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Beacon.Data;
using Beacon.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Accounts;

/// <summary>Invitations by email: a single-use link, valid for 7 days, that lets a person set a password.</summary>
public sealed class InvitationService(
    BeaconDbContext db,
    TenantContext tenant,
    UserManager<AppUser> users,
    AuditLog audit,
    AuditActor actor,
    AccountEmails emails,
    TimeProvider time)
{
    public static readonly TimeSpan Validity = TimeSpan.FromDays(7);

    public sealed record Outcome(bool Succeeded, string? Error, Invitation? Invitation)
    {
        public static Outcome Fail(string error) => new(false, error, null);
    }

    /// <summary>Creates an invitation and its email in one save. An earlier open invitation to the same address is revoked.</summary>
    public async Task<Outcome> InviteAsync(Guid? practiceId, string email, string displayName, IReadOnlyCollection<string> roles, Guid? staffMemberId, CancellationToken cancellationToken, DateTime? accessExpiresAt = null)
    {
        email = email.Trim().ToLowerInvariant();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            return Outcome.Fail("Enter a valid email address.");
        }
        if (roles.Count == 0 || roles.Any(r => !Roles.All.Contains(r)))
        {
            return Outcome.Fail("Choose at least one role.");
        }
        if (await users.FindByEmailAsync(email) is not null)
        {
            return Outcome.Fail("Someone already has a Beacon account with this email address.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        await db.Invitations
            .Where(i => i.Email == email && i.PracticeId == practiceId && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.RevokedAt, now), cancellationToken);

        var token = NewToken();
        var invitation = new Invitation
        {
            PracticeId = practiceId,
            Email = email,
            DisplayName = displayName.Trim(),
            StaffMemberId = staffMemberId,
            Roles = string.Join(',', roles.Distinct(StringComparer.Ordinal)),
            TokenHash = Hash(token),
            InvitedByUserId = actor.UserId,
            CreatedAt = now,
            ExpiresAt = now + Validity,
            AccessExpiresAt = accessExpiresAt,
        };
        db.Invitations.Add(invitation);
        var practiceName = practiceId is { } id
            ? await db.Practices.Where(p => p.Id == id).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        emails.QueueInvitation(invitation, token, practiceName);
        audit.Record(practiceId ?? Guid.Empty, "invitation.sent", "invitation", invitation.Id.ToString(), new { email, roles = invitation.Roles });
        await db.SaveChangesAsync(cancellationToken);
        return new Outcome(true, null, invitation);
    }

    /// <summary>The open invitation for a token, or null when it is unknown, used, revoked or expired.</summary>
    public async Task<Invitation?> FindOpenAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }
        // Nobody is signed in yet: look the token up across practices, then act for the invitation's practice.
        tenant.ActAsSystem();
        var hash = Hash(token);
        var now = time.GetUtcNow().UtcDateTime;
        var invitation = await db.Invitations.AsNoTracking()
            .FirstOrDefaultAsync(i => i.TokenHash == hash && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now && (i.AccessExpiresAt == null || i.AccessExpiresAt > now), cancellationToken);
        if (invitation?.PracticeId is { } practiceId)
        {
            tenant.ActForPractice(practiceId);
        }
        else
        {
            tenant.Clear();
        }
        return invitation;
    }

    /// <summary>
    /// Creates the account. The invitation is claimed with a conditional update inside the transaction, so a
    /// link used twice (or twice at once) creates one account.
    /// </summary>
    public async Task<(AppUser? User, IReadOnlyList<string> Errors)> AcceptAsync(string token, string password, CancellationToken cancellationToken)
    {
        var invitation = await FindOpenAsync(token, cancellationToken);
        if (invitation is null)
        {
            return (null, ["This invitation link is not valid any more. Ask your administrator for a new one."]);
        }

        var user = new AppUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            EmailConfirmed = true,
            DisplayName = invitation.DisplayName,
            PracticeId = invitation.PracticeId,
            StaffMemberId = invitation.StaffMemberId,
            AccessExpiresAt = invitation.AccessExpiresAt,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        var passwordCheck = await ValidatePasswordAsync(user, password);
        if (passwordCheck.Count > 0)
        {
            return (null, passwordCheck);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.Invitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.AcceptedAt, now), cancellationToken);
        if (claimed != 1)
        {
            return (null, ["This invitation link has already been used."]);
        }
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return (null, created.Errors.Select(e => e.Description).ToList());
        }
        foreach (var role in invitation.RoleList)
        {
            await users.AddToRoleAsync(user, role);
        }
        audit.Record(invitation.PracticeId ?? Guid.Empty, "account.created", "account", user.Id.ToString(), new { invitation = invitation.Id, roles = invitation.Roles });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (user, []);
    }

    private async Task<IReadOnlyList<string>> ValidatePasswordAsync(AppUser user, string password)
    {
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            errors.AddRange(result.Errors.Select(e => e.Description));
        }
        return errors;
    }

    /// <summary>256 random bits, URL-safe.</summary>
    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
