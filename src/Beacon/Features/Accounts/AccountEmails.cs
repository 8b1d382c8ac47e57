using Beacon.Features.Email;
using Beacon.Features.Operations;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Accounts;

/// <summary>The account emails: invitation, password reset, and notices when a credential changes.</summary>
public sealed class AccountEmails(Outbox outbox, IOptions<SecurityOptions> security)
{
    private string BaseUrl => security.Value.PublicBaseUrl.TrimEnd('/');

    public void QueueInvitation(Invitation invitation, string token, string? practiceName)
    {
        var link = $"{BaseUrl}/account/accept-invitation?token={Uri.EscapeDataString(token)}";
        var who = practiceName is null ? "the training provider's console" : practiceName;
        var content = EmailTemplate.Build(
            $"You are invited to Beacon ({practiceName ?? "provider console"})",
            invitation.DisplayName,
            [
                $"You have been invited to Beacon for {who}. Beacon is where you take your human-trafficking in-service training and find the practice's response toolkit.",
                "Choose a password to create your account. The link works once and expires in 7 days.",
            ],
            "Create your account",
            link,
            "If you did not expect this invitation, you can ignore this email.");
        outbox.Add(invitation.PracticeId ?? Guid.Empty, invitation.Email, invitation.DisplayName, "invitation", content);
    }

    public void QueuePasswordReset(AppUser user, string token)
    {
        var link = $"{BaseUrl}/account/reset-password?user={user.Id}&token={Uri.EscapeDataString(token)}";
        var content = EmailTemplate.Build(
            "Reset your Beacon password",
            user.DisplayName,
            ["Someone (hopefully you) asked to reset the password of your Beacon account. The link works once and expires in 2 hours."],
            "Choose a new password",
            link,
            "If you did not ask for this, ignore this email: your password stays as it is.");
        outbox.Add(user.PracticeId ?? Guid.Empty, user.Email!, user.DisplayName, "password-reset", content);
    }

    public void QueueSecurityNotice(AppUser user, string what)
    {
        var content = EmailTemplate.Build(
            "Your Beacon account changed",
            user.DisplayName,
            [$"{what}", "If this was you, there is nothing to do. If it was not, reset your password now and tell your practice administrator."],
            "Review your account security",
            $"{BaseUrl}/account/security",
            "Beacon sends this notice whenever a password or sign-in method changes.");
        outbox.Add(user.PracticeId ?? Guid.Empty, user.Email!, user.DisplayName, "security-notice", content);
    }
}
