using System.Security.Cryptography;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Practices;
using Beacon.Features.Roster;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Setup;

/// <summary>
/// The demo practice a newcomer explores: a Texas family practice with two clinics and about forty
/// synthetic staff in realistic roles. Its administrator's password is generated, shown once, never fixed.
/// </summary>
public sealed class DemoPractice(BeaconDbContext db, TenantContext tenant, UserManager<AppUser> users, AuditActor actor, TimeProvider time)
{
    public const string PracticeName = "Riverside Family Medicine";
    public const string AdminEmail = "dana.whitfield@riverside-demo.example";

    private static readonly (string First, string Last, string Role, int Site, string? Licence)[] Staff =
    [
        ("Dana", "Whitfield", "practice-management", 0, null),
        ("Marcus", "Okafor", "physician", 0, "MD"),
        ("Elena", "Vasquez", "physician", 0, "DO"),
        ("Priya", "Raman", "physician", 1, "MD"),
        ("Thomas", "Brennan", "nurse-practitioner", 0, "APRN"),
        ("Aisha", "Bello", "nurse-practitioner", 1, "APRN"),
        ("Kevin", "Nguyen", "physician-assistant", 1, "PA"),
        ("Rosa", "Delgado", "registered-nurse", 0, "RN"),
        ("Hannah", "Schultz", "registered-nurse", 0, "RN"),
        ("Jamal", "Washington", "registered-nurse", 1, "RN"),
        ("Mei", "Chen", "registered-nurse", 1, "RN"),
        ("Luis", "Ortega", "licensed-practical-nurse", 0, "LPN"),
        ("Grace", "Adeyemi", "licensed-practical-nurse", 1, "LPN"),
        ("Brianna", "Foster", "medical-assistant", 0, "CMA"),
        ("Carlos", "Mendoza", "medical-assistant", 0, null),
        ("Tiffany", "Pham", "medical-assistant", 0, null),
        ("Derek", "Simmons", "medical-assistant", 1, "CMA"),
        ("Yesenia", "Ramirez", "medical-assistant", 1, null),
        ("Oluwaseun", "Adebayo", "medical-assistant", 1, null),
        ("Naomi", "Goldberg", "behavioral-health", 0, "LPC"),
        ("Frank", "Castillo", "social-worker", 0, "LCSW"),
        ("Lauren", "Mitchell", "lab-imaging", 0, null),
        ("Samuel", "Hart", "lab-imaging", 1, null),
        ("Jessica", "Morales", "front-desk", 0, null),
        ("Tyler", "Brooks", "front-desk", 0, null),
        ("Maria", "Hernandez", "front-desk", 0, null),
        ("Andre", "Lewis", "front-desk", 1, null),
        ("Kayla", "Nguyen", "front-desk", 1, null),
        ("Fatima", "Hassan", "front-desk", 1, null),
        ("Robert", "Kim", "billing", 0, null),
        ("Stephanie", "Wright", "billing", 0, null),
        ("Diego", "Flores", "billing", 1, null),
        ("Angela", "Price", "practice-management", 1, null),
        ("Victor", "Alvarez", "pharmacist", 0, "PHARMD"),
        ("Emily", "Turner", "dentist", 1, "DDS"),
        ("Jasmine", "Reed", "dental-hygienist", 1, "RDH"),
        ("Ahmed", "Khalil", "other-non-clinical", 0, null),
        ("Beatriz", "Santos", "other-non-clinical", 1, null),
        ("Connor", "Walsh", "registered-nurse", 0, "RN"),
        ("Imani", "Jackson", "medical-assistant", 0, null),
    ];

    /// <summary>Seeds on first run and returns the administrator's new password; otherwise null (or a new password when asked).</summary>
    public async Task<string?> EnsureAsync(bool newAdminPassword, CancellationToken cancellationToken)
    {
        actor.ActAs(null, "Beacon demo set-up");
        tenant.ActAsSystem();
        var existing = await db.Practices.FirstOrDefaultAsync(p => p.Name == PracticeName, cancellationToken);
        if (existing is not null)
        {
            if (!newAdminPassword)
            {
                return null;
            }
            tenant.ActForPractice(existing.Id);
            var admin = await users.FindByEmailAsync(AdminEmail)
                ?? throw new InvalidOperationException("The demo administrator account is missing.");
            var password = GeneratePassword();
            await users.RemovePasswordAsync(admin);
            await users.AddPasswordAsync(admin, password);
            await users.SetLockoutEndDateAsync(admin, null);
            return password;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var practice = new Practice { Name = PracticeName, StateCode = "TX", TimeZoneId = "America/Chicago", CreatedAt = now };
        db.Practices.Add(practice);
        await db.SaveChangesAsync(cancellationToken);
        tenant.ActForPractice(practice.Id);

        Site[] sites =
        [
            new() { PracticeId = practice.Id, Name = "Riverside Main Clinic", CreatedAt = now },
            new() { PracticeId = practice.Id, Name = "Eastside Clinic", CreatedAt = now },
        ];
        db.Sites.AddRange(sites);

        var today = DateOnly.FromDateTime(now);
        var people = new List<StaffMember>();
        for (var i = 0; i < Staff.Length; i++)
        {
            var (first, last, role, site, licence) = Staff[i];
            people.Add(new StaffMember
            {
                PracticeId = practice.Id,
                FirstName = first,
                LastName = last,
                Email = $"{first}.{last}@riverside-demo.example".ToLowerInvariant(),
                EmployeeId = $"RFM{1001 + i}",
                JobRole = role,
                SiteId = sites[site].Id,
                HireDate = today.AddDays(-(90 + (i * 97 % 3000))),
                LicenceType = licence,
                LicenceState = licence is null ? null : "TX",
                LicenceNumber = licence is null ? null : $"{licence}-{740000 + (i * 7919 % 99999)}",
                LicenceExpiry = licence is null ? null : today.AddDays(60 + (i * 53 % 700)),
                CreatedAt = now,
                UpdatedAt = now,
            });
        }
        // Clinicians report to the lead physician of their site; everyone else to a practice manager.
        foreach (var person in people.Skip(1))
        {
            var clinical = JobRoles.Find(person.JobRole)!.Clinical;
            person.ManagerId = clinical
                ? (person.SiteId == sites[0].Id ? people[1].Id : people[3].Id)
                : (person.SiteId == sites[0].Id ? people[0].Id : people[32].Id);
        }
        people[1].ManagerId = people[0].Id;
        people[3].ManagerId = people[0].Id;
        db.StaffMembers.AddRange(people);
        db.DirectoryEntries.AddRange(ReferralDirectory.DemoDirectory.Entries(practice.Id, today, now));
        await db.SaveChangesAsync(cancellationToken);

        var adminUser = new AppUser
        {
            UserName = AdminEmail,
            Email = AdminEmail,
            EmailConfirmed = true,
            DisplayName = "Dana Whitfield",
            PracticeId = practice.Id,
            StaffMemberId = people[0].Id,
            CreatedAt = now,
        };
        people[0].Email = AdminEmail;
        await db.SaveChangesAsync(cancellationToken);
        var adminPassword = GeneratePassword();
        var created = await users.CreateAsync(adminUser, adminPassword);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("Could not create the demo administrator: " + string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        await users.AddToRolesAsync(adminUser, [Roles.PracticeAdmin, Roles.Instructor, Roles.Learner]);
        return adminPassword;
    }

    /// <summary>24 random characters in groups of four, from an alphabet without look-alikes.</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var groups = Enumerable.Range(0, 6).Select(_ =>
            string.Create(4, 0, (span, _) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
                }
            }));
        return string.Join('-', groups);
    }
}
