using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Practices;
using Microsoft.AspNetCore.Authorization;

namespace Beacon.Features.Audit;

/// <summary>The practice's audit log, for its auditors and administrators, in the practice's time zone.</summary>
[Authorize(Policy = Policies.Auditor)]
public sealed class EntriesModel(BeaconDbContext db, TenantContext tenant, AuditVerifier verifier, AuditLog audit)
    : AuditLogPageModel(db, verifier, audit)
{
    public override string Path => "/audit";
    public override string Heading => "Audit log";
    public override string Introduction =>
        "Every change and sign-in in the practice's Beacon, newest first. Entries are chained: each carries a fingerprint of the one before it, so a changed or removed entry shows up when the chain is checked.";

    protected override Guid ChainId => tenant.PracticeId;

    // The tenant query filter already limits entries to the practice.
    protected override IQueryable<AuditEntry> Entries => Db.AuditEntries;

    protected override Guid? AccountsOf => tenant.PracticeId;

    protected override Task<PracticeClock> ClockAsync(CancellationToken cancellationToken) =>
        PracticeClock.ForPracticeAsync(Db, tenant.PracticeId, cancellationToken);
}
