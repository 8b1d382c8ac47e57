using Beacon.Features.Roster;
using Beacon.Tests.Infrastructure;

namespace Beacon.Tests.Roster;

/// <summary>A practice with its administrator signed in, and people with chosen details on its roster.</summary>
public static class RosterSeed
{
    public sealed record AdminSession(PracticeSeed Practice, AccountSeed Account, HttpClient Client)
    {
        public Guid PracticeId => Practice.PracticeId;
        public Guid North => Practice.SiteIds[0];
        public Guid South => Practice.SiteIds[1];
    }

    public static async Task<AdminSession> PracticeWithAdminAsync(this BeaconApp app, int staff = 0)
    {
        var practice = await app.CreatePracticeAsync(staff: staff);
        var admin = await app.CreateAccountAsync(practice.PracticeId, "PracticeAdmin");
        var client = await app.SignInAsync(admin);
        return new AdminSession(practice, admin, client);
    }

    /// <summary>Adds a person directly (as an earlier import or form would have).</summary>
    public static Task<StaffMember> AddPersonAsync(this BeaconApp app, Guid practiceId, Guid siteId, string first, string last, string email,
        string? employeeId = null, string jobRole = "registered-nurse", bool active = true, Guid? managerId = null, DateOnly? hireDate = null) =>
        app.WithDbAsync(async db =>
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            var person = new StaffMember
            {
                PracticeId = practiceId,
                FirstName = first,
                LastName = last,
                Email = email,
                EmployeeId = employeeId,
                JobRole = jobRole,
                SiteId = siteId,
                HireDate = hireDate,
                ManagerId = managerId,
                Active = active,
                DeactivatedAt = active ? null : now,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.StaffMembers.Add(person);
            await db.SaveChangesAsync();
            return person;
        }, practiceId);
}
