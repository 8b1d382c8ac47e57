using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Features.Audit;

/// <summary>
/// The installation's own audit log: provider administrators' sign-ins, practices onboarded, provider
/// invitations. Provider administrators act for the installation, which the tenant filter does not
/// cover, so the query names the installation's chain (practice id empty) itself.
/// </summary>
[Authorize(Policy = Policies.ProviderAdmin)]
public sealed class InstallationModel(BeaconDbContext db, AuditVerifier verifier, AuditLog audit)
    : AuditLogPageModel(db, verifier, audit)
{
    public override string Path => "/audit/installation";
    public override string Heading => "Installation audit log";
    public override string Introduction =>
        "Events of the training provider's console, newest first: provider administrators' sign-ins, practices onboarded and invitations sent. Each practice's own changes are in that practice's log. Times are in UTC.";

    protected override Guid ChainId => Guid.Empty;

    protected override IQueryable<AuditEntry> Entries => Db.AuditEntries.IgnoreQueryFilters().Where(e => e.PracticeId == Guid.Empty);

    protected override Guid? AccountsOf => null;

    protected override Task<PracticeClock> ClockAsync(CancellationToken cancellationToken) => Task.FromResult(PracticeClock.Utc);
}
