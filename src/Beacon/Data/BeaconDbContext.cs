using Beacon.Features.Accounts;
using Beacon.Features.Audit;
using Beacon.Features.Certificates;
using Beacon.Features.Courses;
using Beacon.Features.Learning;
using Beacon.Features.LiveSessions;
using Beacon.Features.Email;
using Beacon.Features.Notifications;
using Beacon.Features.Practices;
using Beacon.Features.Reminders;
using Beacon.Features.Requirements;
using Beacon.Features.Roster;
using Beacon.Features.Series;
using Beacon.Features.Setup;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Beacon.Data;

public sealed class BeaconDbContext(DbContextOptions<BeaconDbContext> options, TenantContext tenant, AuditActor actor, TimeProvider time)
    : IdentityDbContext<AppUser, AppRole, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Practice> Practices => Set<Practice>();
    public DbSet<Site> Sites => Set<Site>();
    public DbSet<StaffMember> StaffMembers => Set<StaffMember>();
    public DbSet<RosterImport> RosterImports => Set<RosterImport>();
    public DbSet<RosterImportIssue> RosterImportIssues => Set<RosterImportIssue>();
    public DbSet<RosterImportChange> RosterImportChanges => Set<RosterImportChange>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<SetupToken> SetupTokens => Set<SetupToken>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<CourseVersion> CourseVersions => Set<CourseVersion>();
    public DbSet<CourseProgress> CourseProgress => Set<CourseProgress>();
    public DbSet<ModuleCompletion> ModuleCompletions => Set<ModuleCompletion>();
    public DbSet<ModuleTime> ModuleTimes => Set<ModuleTime>();
    public DbSet<CheckAnswer> CheckAnswers => Set<CheckAnswer>();
    public DbSet<AssessmentAttempt> AssessmentAttempts => Set<AssessmentAttempt>();
    public DbSet<AttemptAnswer> AttemptAnswers => Set<AttemptAnswer>();
    public DbSet<Completion> Completions => Set<Completion>();
    public DbSet<LiveSession> LiveSessions => Set<LiveSession>();
    public DbSet<Attendance> Attendances => Set<Attendance>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<Requirement> Requirements => Set<Requirement>();
    public DbSet<Exemption> Exemptions => Set<Exemption>();
    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();
    public DbSet<RequirementStatus> RequirementStatuses => Set<RequirementStatus>();
    public DbSet<StaffSnapshot> StaffSnapshots => Set<StaffSnapshot>();
    public DbSet<RequirementVersion> RequirementVersions => Set<RequirementVersion>();
    public DbSet<LiveSeries> LiveSeries => Set<LiveSeries>();
    public DbSet<SessionBooking> SessionBookings => Set<SessionBooking>();
    public DbSet<SessionInvitation> SessionInvitations => Set<SessionInvitation>();
    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();
    public DbSet<ReminderSettings> ReminderSettings => Set<ReminderSettings>();
    public DbSet<ReminderPreference> ReminderPreferences => Set<ReminderPreference>();
    public DbSet<ReminderLedgerEntry> ReminderLedger => Set<ReminderLedgerEntry>();
    public DbSet<ReminderMailDay> ReminderMailDays => Set<ReminderMailDay>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<Features.Reports.ComplianceTrendMonth> ComplianceTrendMonths => Set<Features.Reports.ComplianceTrendMonth>();
    public DbSet<Features.Toolkit.ProtocolVersion> ProtocolVersions => Set<Features.Toolkit.ProtocolVersion>();
    public DbSet<Features.ReferralDirectory.DirectoryEntry> DirectoryEntries => Set<Features.ReferralDirectory.DirectoryEntry>();
    public DbSet<Features.ReferralDirectory.NationalResourceRow> NationalResources => Set<Features.ReferralDirectory.NationalResourceRow>();
    public DbSet<Features.Screening.ImportedInstrument> ImportedInstruments => Set<Features.Screening.ImportedInstrument>();
    public DbSet<Features.Screening.PracticeToolkitSettings> PracticeToolkitSettings => Set<Features.Screening.PracticeToolkitSettings>();
    public DbSet<Features.Screening.ScreeningTally> ScreeningTallies => Set<Features.Screening.ScreeningTally>();
    public DbSet<Features.Compliance.ComplianceSnapshot> ComplianceSnapshots => Set<Features.Compliance.ComplianceSnapshot>();

    /// <summary>Read by the global query filters on every query, so each context sees only its practice.</summary>
    internal Guid CurrentPracticeId => tenant.PracticeId;

    internal TenantContext Tenant => tenant;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(BeaconDbContext).Assembly);

        // Every tenant-owned entity is filtered by the current practice; the filter is a parameter, not a constant.
        builder.Entity<Site>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<StaffMember>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<RosterImport>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<RosterImportIssue>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<RosterImportChange>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<AuditEntry>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<OutboxMessage>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<CourseProgress>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<ModuleCompletion>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<ModuleTime>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<CheckAnswer>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<AssessmentAttempt>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<AttemptAnswer>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<Completion>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<LiveSession>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<Attendance>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<Certificate>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<Requirement>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<Exemption>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<EvidenceFile>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<RequirementStatus>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<StaffSnapshot>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<RequirementVersion>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<LiveSeries>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<SessionBooking>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<SessionInvitation>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<CalendarFeed>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<ReminderSettings>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<ReminderPreference>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<ReminderLedgerEntry>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<ReminderMailDay>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<Notification>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<Features.Reports.ComplianceTrendMonth>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<Features.Toolkit.ProtocolVersion>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<Features.ReferralDirectory.DirectoryEntry>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<Features.Screening.PracticeToolkitSettings>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<Features.Screening.ScreeningTally>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
        builder.Entity<Features.Compliance.ComplianceSnapshot>().HasQueryFilter(e => e.PracticeId == CurrentPracticeId);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Timestamps are UTC everywhere; SQLite hands them back without a kind, so say so on the way in.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcNullableDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        // Only framework code (the Data Protection key ring) saves synchronously, and it changes nothing audited.
        AuditTrail.CaptureChanges(this, actor, time);
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added))
        {
            throw new InvalidOperationException("Audited changes must be saved with SaveChangesAsync.");
        }
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var staffChanges = StaffHistory.Changed(this);
        var affected = StatusTriggers.Collect(this);
        AuditTrail.CaptureChanges(this, actor, time);
        var pending = ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added && e.Entity.Hash.Length == 0)
            .Select(e => e.Entity)
            .ToList();
        if (pending.Count == 0 && staffChanges.Count == 0 && affected.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // Roster history and the audit chain are written with the change or not at all: one transaction.
        // Appending to a chain is also serialised per practice by the head row it locks.
        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await StaffHistory.RecordAsync(this, staffChanges, time, cancellationToken);
            await StaffHistory.RecordRequirementsAsync(this, time, cancellationToken);
            await AuditTrail.SealAsync(this, pending, cancellationToken);
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            // Statuses follow what changed, in the same transaction: nobody reads a stale status.
            foreach (var practice in affected)
            {
                await Features.Requirements.RequirementStatuses.RefreshAsync(this, practice.PracticeId, practice.StaffIds, practice.RequirementIds, time.GetUtcNow().UtcDateTime, cancellationToken);
            }
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }
            return written;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class UtcNullableDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v.HasValue && v.Value.Kind != DateTimeKind.Utc ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v,
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
}
