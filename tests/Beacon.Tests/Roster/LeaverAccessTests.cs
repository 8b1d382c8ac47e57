using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Tests.Accounts;
using Beacon.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Beacon.Tests.Roster.RosterFiles;

namespace Beacon.Tests.Roster;

public sealed class LeaverAccessTests
{
    private static async Task<(AccountSeed Account, HttpClient Client)> LinkedLearnerAsync(BeaconApp app, Guid practiceId, Guid staffId)
    {
        var account = await app.CreateAccountAsync(practiceId, Roles.Learner);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == account.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.StaffMemberId, staffId)));
        return (account, await app.SignInAsync(account));
    }

    [Theory, DatabaseData]
    public async Task Deactivating_a_person_disables_their_sign_in_and_ends_their_sessions(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync(staff: 2);
        var (account, learner) = await LinkedLearnerAsync(app, admin.PracticeId, admin.Practice.StaffIds[0]);
        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync("/")).StatusCode);

        var response = await admin.Client.PostFormAsync($"/roster/{admin.Practice.StaffIds[0]}/deactivate", [], $"/roster/{admin.Practice.StaffIds[0]}/deactivate");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(AccountClient.IsSignInRedirect(await learner.GetAsync("/")));
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Id == account.UserId).Select(u => u.Disabled).SingleAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "account.disabled" && e.TargetId == account.UserId.ToString()), admin.PracticeId));
        Assert.Equal(HttpStatusCode.OK, (await new AccountClient(app).SignInAsync(account.Email, account.Password)).StatusCode);
    }

    [Theory, DatabaseData]
    public async Task A_full_roster_import_that_drops_a_person_disables_their_sign_in(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var admin = await app.PracticeWithAdminAsync();
        var stays = await app.AddPersonAsync(admin.PracticeId, admin.North, "Sam", "Stays", "sam@example.test", "E1");
        var leaves = await app.AddPersonAsync(admin.PracticeId, admin.North, "Lee", "Leaves", "lee@example.test", "E2");
        var (_, stayerClient) = await LinkedLearnerAsync(app, admin.PracticeId, stays.Id);
        var (leaver, leaverClient) = await LinkedLearnerAsync(app, admin.PracticeId, leaves.Id);

        var import = await admin.Client.UploadAndCheckAsync(app, Csv(Header, "Sam,Stays,sam@example.test,E1,registered-nurse,North Clinic,,,,,,,yes"), fullRoster: true);
        Assert.Equal(1, import.DeactivateCount);
        await admin.Client.ApplyAsync(import.Id);
        await app.WaitForImportAsync(import.Id);

        Assert.True(AccountClient.IsSignInRedirect(await leaverClient.GetAsync("/")));
        Assert.Equal(HttpStatusCode.OK, (await stayerClient.GetAsync("/")).StatusCode);
        Assert.Equal([leaver.UserId], await app.WithDbAsync(db => db.Users.Where(u => u.PracticeId == admin.PracticeId && u.Disabled).Select(u => u.Id).ToListAsync()));
    }
}
