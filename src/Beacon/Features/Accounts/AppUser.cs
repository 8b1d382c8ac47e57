using Microsoft.AspNetCore.Identity;

namespace Beacon.Features.Accounts;

/// <summary>
/// A sign-in account. Practice members carry their practice id; provider administrators have none.
/// Accounts are looked up across practices only by the sign-in flows, which know nothing yet of a practice.
/// </summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public AppUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    public Guid? PracticeId { get; set; }
    public Guid? StaffMemberId { get; set; }
    public string DisplayName { get; set; } = "";

    /// <summary>A disabled account cannot sign in, and its sessions end at once.</summary>
    public bool Disabled { get; set; }

    /// <summary>For time-limited access (an outside auditor): after this instant the account cannot be used.</summary>
    public DateTime? AccessExpiresAt { get; set; }

    /// <summary>The last TOTP time step accepted: a code is accepted once, never again (compare-and-set).</summary>
    public long? TotpLastTimeStep { get; set; }

    public DateTime CreatedAt { get; set; }
}

public sealed class AppRole : IdentityRole<Guid>
{
    public AppRole()
    {
        Id = Guid.CreateVersion7();
    }

    public AppRole(string name) : this()
    {
        Name = name;
        NormalizedName = name.ToUpperInvariant();
    }
}

/// <summary>The roles of PRODUCT.md; a person may hold several.</summary>
public static class Roles
{
    public const string ProviderAdmin = "ProviderAdmin";
    public const string PracticeAdmin = "PracticeAdmin";
    public const string Instructor = "Instructor";
    public const string Learner = "Learner";
    public const string Auditor = "Auditor";

    public static IReadOnlyList<string> All { get; } = [ProviderAdmin, PracticeAdmin, Instructor, Learner, Auditor];

    /// <summary>The roles a practice administrator may give to people of the practice.</summary>
    public static IReadOnlyList<string> PracticeRoles { get; } = [PracticeAdmin, Instructor, Learner, Auditor];

    public static string Describe(string role) => role switch
    {
        ProviderAdmin => "Provider administrator",
        PracticeAdmin => "Practice administrator",
        Instructor => "Instructor",
        Learner => "Learner",
        Auditor => "Auditor (read-only reports)",
        _ => role,
    };
}

/// <summary>A signed-in browser session, kept on the server so sign-out, disabling and timeouts end it everywhere.</summary>
public sealed class UserSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastSeenAt { get; set; }

    /// <summary>The absolute end of the session, however active it is.</summary>
    public DateTime ExpiresAt { get; set; }

    public DateTime? EndedAt { get; set; }
    public string? EndReason { get; set; }
}

/// <summary>An invitation by email to create an account; single use, valid for 7 days.</summary>
public sealed class Invitation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Null for an invitation to become a provider administrator.</summary>
    public Guid? PracticeId { get; set; }

    public required string Email { get; set; }
    public required string DisplayName { get; set; }
    public Guid? StaffMemberId { get; set; }

    /// <summary>Comma-separated role names.</summary>
    public required string Roles { get; set; }

    /// <summary>SHA-256 of the token in the emailed link; the token itself is never stored.</summary>
    public required string TokenHash { get; set; }

    public Guid? InvitedByUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    /// <summary>Time-limited access (an outside auditor): copied to the account it creates.</summary>
    public DateTime? AccessExpiresAt { get; set; }

    public IReadOnlyList<string> RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
