using System.Net;
using System.Text.Json;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Email;
using Beacon.Features.Learning;
using Beacon.Features.LiveSessions;
using Beacon.Features.Requirements;
using Beacon.Features.Notifications;
using Beacon.Features.Reminders;
using Beacon.Features.Reports;
using Beacon.Features.Roster;
using Beacon.Features.Series;
using Beacon.Tests.Certificates;
using Beacon.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Tests.Security;

/// <summary>
/// Signed in to practice A with every practice role, try every page and endpoint that takes an id (found in
/// the app's endpoint data source, so a new one is swept automatically) with the ids of practice B's rows:
/// every answer is 404 (or a refusal, for pages of roles the user lacks), none shows B's data, and B's rows are byte-for-byte the same afterwards.
/// </summary>
public sealed class TenantSweepTests
{
    [Theory, DatabaseData]
    public async Task A_user_of_one_practice_gets_404_for_every_id_of_another_and_changes_nothing(DatabaseProvider provider)
    {
        await using var app = await BeaconApp.StartAsync(provider);
        var a = await app.CreatePracticeAsync(name: "Alpha Clinic " + Guid.NewGuid().ToString("N")[..6], staff: 3);
        var b = await app.CreatePracticeAsync(name: "Bravo Clinic " + Guid.NewGuid().ToString("N")[..6], staff: 3);
        await GiveEveryKindOfRowAsync(app, b);
        var empty = await app.WithDbAsync(async db => (await TenantRowsAsync(db, b.PracticeId)).Where(k => k.Value.Count == 0).Select(k => k.Key).ToList());
        Assert.True(empty.Count == 0, "practice B has no row of: " + string.Join(", ", empty) + " (give it one in GiveEveryKindOfRowAsync so its ids are swept)");
        var user = await app.CreateAccountAsync(a.PracticeId, Roles.PracticeAdmin, Roles.Instructor, Roles.Learner, Roles.Auditor);
        var client = await app.SignInAsync(user);
        var token = await client.GetAntiforgeryTokenAsync("/account/security");

        var bIds = await IdsOfAsync(app, b.PracticeId);
        var bMarkers = await MarkersOfAsync(app, b.PracticeId);
        var before = await FingerprintAsync(app, b.PracticeId);
        var routes = await RoutesWithIdsAsync(app);
        Assert.True(routes.Count >= 15, $"only {routes.Count} routes with ids found");

        var failures = new List<string>();
        var requests = 0;
        foreach (var route in routes)
        {
            foreach (var id in bIds)
            {
                var path = route.Fill(id);
                foreach (var (method, handler) in route.Calls)
                {
                    var url = handler is null ? path : $"{path}?handler={handler}";
                    using var request = new HttpRequestMessage(method, url);
                    if (method != HttpMethod.Get)
                    {
                        request.Content = new FormUrlEncodedContent([Html.F("__RequestVerificationToken", token)]);
                    }
                    var response = await client.SendAsync(request);
                    requests++;
                    var body = await response.Content.ReadAsStringAsync();
                    // 404 is the answer; pages of a role the user lacks (the provider console) refuse instead.
                    var refused = response.StatusCode == HttpStatusCode.Forbidden ||
                        (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/account/access-denied", StringComparison.Ordinal));
                    if (response.StatusCode != HttpStatusCode.NotFound && !refused)
                    {
                        failures.Add($"{method} {url}: {(int)response.StatusCode}");
                    }
                    foreach (var marker in bMarkers.Where(m => body.Contains(m, StringComparison.Ordinal)))
                    {
                        failures.Add($"{method} {url}: shows practice B's '{marker}'");
                    }
                }
            }
        }

        // Pages without ids (lists, dashboards) never show practice B either.
        foreach (var page in await ListPagesAsync(app))
        {
            var body = await (await client.GetAsync(page)).Content.ReadAsStringAsync();
            failures.AddRange(bMarkers.Where(m => body.Contains(m, StringComparison.Ordinal)).Select(m => $"GET {page}: shows practice B's '{m}'"));
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests leaked:\n" + string.Join("\n", failures.Take(60)));
        Assert.Equal(before, await FingerprintAsync(app, b.PracticeId));
    }

    /// <summary>Practice B gets a row of every tenant-owned kind, so every id type is swept.</summary>
    private static async Task GiveEveryKindOfRowAsync(BeaconApp app, PracticeSeed b)
    {
        var admin = await app.CreateAccountAsync(b.PracticeId, Roles.PracticeAdmin);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().ActForPractice(b.PracticeId);
            var outcome = await scope.ServiceProvider.GetRequiredService<InvitationService>()
                .InviteAsync(b.PracticeId, TestData.UniqueEmail("bravo-invitee"), "Bravo Invitee", [Roles.Learner], b.StaffIds[0], CancellationToken.None);
            Assert.True(outcome.Succeeded, outcome.Error);
        }
        await app.SignInAsync(admin);
        await app.WithDbAsync(async db =>
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            var import = new RosterImport
            {
                PracticeId = b.PracticeId,
                FileName = "bravo-roster.csv",
                Format = "csv",
                FileHash = new string('0', 64),
                Status = RosterImportStatus.Previewed,
                UploadedByUserId = admin.UserId,
                UploadedAt = now,
                ErrorCount = 1,
                AddCount = 1,
            };
            db.RosterImports.Add(import);
            db.RosterImportIssues.Add(new RosterImportIssue { PracticeId = b.PracticeId, ImportId = import.Id, Line = 2, Column = "email", Message = "Bravo issue" });
            db.RosterImportChanges.Add(new RosterImportChange { PracticeId = b.PracticeId, ImportId = import.Id, Line = 3, PersonName = "Bravo Newperson", Kind = RosterChangeKind.Add });
            await db.OutboxMessages.Where(m => m.PracticeId == b.PracticeId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Failed).SetProperty(m => m.LastError, "Bravo failure"));
            await db.SaveChangesAsync();
        }, b.PracticeId);

        // Learning: progress, module time, knowledge-check answers, attempts, a completion with its certificate.
        var learner = await app.LearnerAsync(b.PracticeId, b.StaffIds[1]);
        var done = await app.CompleteAsync(b.PracticeId, learner.StaffMemberId);
        await app.WithDbAsync(async db =>
        {
            var now = app.Time.GetUtcNow().UtcDateTime;
            var progress = await db.CourseProgress.SingleAsync(p => p.StaffMemberId == learner.StaffMemberId);
            db.ModuleTimes.Add(new ModuleTime { PracticeId = b.PracticeId, ProgressId = progress.Id, ModuleId = "m1", SecondsOnTask = 60, FirstViewedAt = now });
            db.CheckAnswers.Add(new CheckAnswer { PracticeId = b.PracticeId, ProgressId = progress.Id, QuestionId = "q-bravo", Chosen = 1, Correct = true, AnsweredAt = now });

            // A live session with someone checked in.
            var session = new LiveSession
            {
                PracticeId = b.PracticeId, Title = "Bravo in-service", CourseId = CertificateSeed.CourseId, Version = (await app.CourseAsync()).Version, Track = "non-clinical",
                InstructorUserId = admin.UserId, StartsAt = now.AddHours(1), EndsAt = now.AddHours(2), CheckInCode = "BRAVO7", CreatedAt = now,
            };
            db.LiveSessions.Add(session);
            db.Attendances.Add(new Attendance { PracticeId = b.PracticeId, SessionId = session.Id, StaffMemberId = b.StaffIds[0], CheckedInAt = now });

            // A recurring series, a booking, an invitation and a calendar feed.
            var series = new LiveSeries
            {
                PracticeId = b.PracticeId, Uid = "series-bravo@beacon.test", Title = "Bravo quarterly series", CourseId = CertificateSeed.CourseId, Version = session.Version,
                Track = "non-clinical", Location = "Bravo room", InstructorUserId = admin.UserId, TimeZoneId = "America/Chicago", FirstDate = new DateOnly(2026, 4, 14),
                StartTime = new TimeOnly(12, 0), Minutes = 60, Pattern = SeriesPattern.MonthlyByWeekday, RRule = "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU;COUNT=4", Capacity = 10,
                CreatedAt = now, UpdatedAt = now,
            };
            db.LiveSeries.Add(series);
            db.SessionBookings.Add(new SessionBooking { PracticeId = b.PracticeId, SessionId = session.Id, StaffMemberId = b.StaffIds[1], Status = BookingStatus.Booked, Seat = 1, CreatedAt = now });
            db.SessionInvitations.Add(new SessionInvitation { PracticeId = b.PracticeId, SessionId = session.Id, StaffMemberId = b.StaffIds[0], InvitedAt = now });
            db.CalendarFeeds.Add(new CalendarFeed { PracticeId = b.PracticeId, Kind = CalendarFeedKind.Practice, OwnerUserId = admin.UserId, TokenHash = new string('b', 64), CreatedAt = now });

            // A requirement (its versions, statuses and roster snapshots follow), an exemption and outside evidence.
            var requirement = new Requirement { PracticeId = b.PracticeId, Name = "Bravo yearly in-service", CourseId = CertificateSeed.CourseId, StartsOn = new DateOnly(2026, 1, 1), CreatedAt = now, UpdatedAt = now };
            db.Requirements.Add(requirement);
            db.Exemptions.Add(new Exemption { PracticeId = b.PracticeId, RequirementId = requirement.Id, StaffMemberId = b.StaffIds[0], From = new DateOnly(2026, 1, 1), Reason = "Bravo exemption", CreatedAt = now });
            db.EvidenceFiles.Add(new EvidenceFile
            {
                PracticeId = b.PracticeId, StaffMemberId = learner.StaffMemberId, CompletionId = done.CompletionId, FileName = "bravo-evidence.pdf", ContentType = "application/pdf",
                Size = 5, Sha256 = new string('0', 64), UploadedByUserId = admin.UserId, UploadedAt = now,
            });

            // A referral partner in the directory.
            db.DirectoryEntries.Add(new Beacon.Features.ReferralDirectory.DirectoryEntry
            {
                PracticeId = b.PracticeId, Name = "Bravo Shelter", Categories = "shelter-housing", ServiceArea = "Bravo County", Phone = "+15125550142",
                LawEnforcementPosture = "consent-based", LastVerified = new DateOnly(2026, 1, 1), VerifiedBy = "Bravo admin", NextReview = new DateOnly(2027, 1, 1),
                CreatedAt = now, UpdatedAt = now,
            });

            // Reminders: settings, a learner's hour, a ledger row folded into a mail day, a notification; a cached trend month.
            var mail = await db.OutboxMessages.IgnoreQueryFilters().Where(m => m.PracticeId == b.PracticeId).Select(m => m.Id).FirstAsync();
            db.ReminderSettings.Add(new ReminderSettings { PracticeId = b.PracticeId, UpdatedAt = now });
            db.ReminderPreferences.Add(new ReminderPreference { PracticeId = b.PracticeId, StaffMemberId = b.StaffIds[0], PreferredHour = 9, UpdatedAt = now });
            db.ReminderLedger.Add(new ReminderLedgerEntry
            {
                PracticeId = b.PracticeId, PersonId = b.StaffIds[0], RequirementId = requirement.Id, Cycle = new DateOnly(2026, 4, 1), Kind = "before-30",
                Audience = ReminderAudience.Learner, LocalDay = new DateOnly(2026, 3, 2), CreatedAt = now, FoldedOn = new DateOnly(2026, 3, 2), OutboxMessageId = mail,
            });
            db.ReminderMailDays.Add(new ReminderMailDay { PracticeId = b.PracticeId, Recipient = "bravo-reminded@example.test", Audience = ReminderAudience.Learner, LocalDay = new DateOnly(2026, 3, 2), OutboxMessageId = mail });
            db.Notifications.Add(new Notification { PracticeId = b.PracticeId, UserId = admin.UserId, Title = "Bravo notification", Body = "Bravo reminder", Link = "/learn", CreatedAt = now });
            db.ComplianceTrendMonths.Add(new ComplianceTrendMonth { PracticeId = b.PracticeId, MonthEnd = new DateOnly(2026, 2, 28), Counted = 3, Compliant = 1, ComputedAt = now });
            db.ProtocolVersions.Add(new Beacon.Features.Toolkit.ProtocolVersion { PracticeId = b.PracticeId, Number = 1, Markdown = "# Bravo protocol {#top}", ChangeNote = "Bravo change", BasedOnDefault = "1.0.0", PublishedByName = "Bravo admin", PublishedAt = now });

            // Toolkit: screening settings and an anonymous tally record.
            db.PracticeToolkitSettings.Add(new Beacon.Features.Screening.PracticeToolkitSettings { PracticeId = b.PracticeId, TallyEnabled = true, OfferedInstruments = "raft", UpdatedAt = now });
            db.ScreeningTallies.Add(new Beacon.Features.Screening.ScreeningTally { PracticeId = b.PracticeId, Day = new DateOnly(2026, 3, 2), SiteId = b.SiteIds[0], InstrumentId = "raft", BandId = "positive", Actions = "gave-hotline" });
            await db.SaveChangesAsync();
            // The dashboard's kept figures (the status writes above created the row; this fills its cells).
            await Beacon.Features.Compliance.ComplianceSnapshots.CellsAsync(db, b.PracticeId, new DateOnly(2026, 3, 2), now, CancellationToken.None);
        }, b.PracticeId);
    }

    private static Task<List<Guid>> IdsOfAsync(BeaconApp app, Guid practiceId) => app.WithDbAsync(async db =>
    {
        var ids = new List<Guid> { practiceId };
        // Two ids of every tenant-owned kind (found in the model, so a new kind is swept automatically).
        foreach (var rows in await TenantRowsAsync(db, practiceId))
        {
            ids.AddRange(rows.Value.Select(IdOf).OfType<Guid>().Take(2));
        }
        ids.AddRange(await db.OutboxMessages.All().Where(x => x.PracticeId == practiceId).Select(x => x.Id).Take(2).ToListAsync());
        ids.AddRange(await db.AuditEntries.All().Where(x => x.PracticeId == practiceId).Select(x => x.Id).Take(2).ToListAsync());
        ids.AddRange(await db.Users.Where(x => x.PracticeId == practiceId).Select(x => x.Id).Take(2).ToListAsync());
        ids.AddRange(await db.Invitations.Where(x => x.PracticeId == practiceId).Select(x => x.Id).Take(2).ToListAsync());
        var userIds = await db.Users.Where(x => x.PracticeId == practiceId).Select(x => x.Id).ToListAsync();
        ids.AddRange(await db.UserSessions.Where(x => userIds.Contains(x.UserId)).Select(x => x.Id).Take(1).ToListAsync());
        return ids.Distinct().ToList();
    });

    private static Guid? IdOf(object row) => row.GetType().GetProperty("Id")?.GetValue(row) as Guid?;

    /// <summary>Every row of every tenant-owned entity kind that the practice owns, by kind.</summary>
    private static async Task<SortedDictionary<string, List<object>>> TenantRowsAsync(BeaconDbContext db, Guid practiceId)
    {
        var rows = new SortedDictionary<string, List<object>>(StringComparer.Ordinal);
        var method = typeof(TenantSweepTests).GetMethod(nameof(RowsOfAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        foreach (var type in db.Model.GetEntityTypes().Select(e => e.ClrType).Where(t => typeof(ITenantOwned).IsAssignableFrom(t)).Distinct())
        {
            rows[type.Name] = await (Task<List<object>>)method.MakeGenericMethod(type).Invoke(null, [db, practiceId])!;
        }
        return rows;
    }

    private static async Task<List<object>> RowsOfAsync<T>(BeaconDbContext db, Guid practiceId) where T : class, ITenantOwned
    {
        var rows = await db.Set<T>().IgnoreQueryFilters().AsNoTracking().Where(x => x.PracticeId == practiceId).ToListAsync();
        return [.. rows.Cast<object>().OrderBy(r => JsonSerializer.Serialize(r, r.GetType()), StringComparer.Ordinal)];
    }

    /// <summary>Strings that appear only in practice B's data.</summary>
    private static Task<List<string>> MarkersOfAsync(BeaconApp app, Guid practiceId) => app.WithDbAsync(async db =>
    {
        var markers = new List<string> { await db.Practices.Where(p => p.Id == practiceId).Select(p => p.Name).SingleAsync(), "Bravo Invitee", "Bravo failure", "bravo-roster.csv", "Bravo Newperson", "Bravo in-service", "BRAVO7", "Bravo yearly in-service", "Bravo exemption", "bravo-evidence.pdf", "Bravo quarterly series", "Bravo room", "Bravo notification", "bravo-reminded@example.test" };
        markers.AddRange(await db.StaffMembers.All().Where(s => s.PracticeId == practiceId).Select(s => s.LastName).ToListAsync());
        markers.AddRange(await db.Users.Where(u => u.PracticeId == practiceId).Select(u => u.Email!).ToListAsync());
        return markers;
    });

    /// <summary>Every row practice B owns, serialised: equal before and after means nothing was written.</summary>
    private static Task<string> FingerprintAsync(BeaconApp app, Guid practiceId) => app.WithDbAsync(async db =>
    {
        var userIds = await db.Users.Where(u => u.PracticeId == practiceId).Select(u => u.Id).ToListAsync();
        var everything = new object[]
        {
            await db.Practices.AsNoTracking().Where(p => p.Id == practiceId).ToListAsync(),
            await db.Users.AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).Select(u => new { u.Id, u.Email, u.Disabled, u.SecurityStamp, u.PasswordHash, u.TwoFactorEnabled, u.LockoutEnd }).ToListAsync(),
            await db.UserRoles.AsNoTracking().Where(x => userIds.Contains(x.UserId)).OrderBy(x => x.UserId).ThenBy(x => x.RoleId).ToListAsync(),
            await db.UserSessions.AsNoTracking().Where(x => userIds.Contains(x.UserId)).OrderBy(x => x.Id).ToListAsync(),
            await db.Invitations.AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
            await db.OutboxMessages.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Id).ToListAsync(),
            await db.AuditEntries.All().AsNoTracking().Where(x => x.PracticeId == practiceId).OrderBy(x => x.Sequence).ToListAsync(),
            (await TenantRowsAsync(db, practiceId)).ToDictionary(k => k.Key, k => k.Value.Select(r => JsonSerializer.Serialize(r, r.GetType())).ToList()),
        };
        return JsonSerializer.Serialize(everything);
    });

    private sealed record SweptRoute(RoutePattern Pattern, IReadOnlyList<(HttpMethod Method, string? Handler)> Calls)
    {
        public string Fill(Guid id)
        {
            var path = "/" + string.Join("/", Pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternParameterPart => id.ToString(),
                RoutePatternSeparatorPart separator => separator.Content,
                _ => "",
            }))));
            return path;
        }
    }

    /// <summary>Routes with a guid parameter, and the methods (and page handlers) each accepts.</summary>
    private static async Task<List<SweptRoute>> RoutesWithIdsAsync(BeaconApp app)
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var routes = new List<SweptRoute>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern;
            if (!pattern.Parameters.Any(p => p.ParameterPolicies.Any(policy => policy.Content == "guid")))
            {
                continue;
            }
            var calls = new List<(HttpMethod, string?)>();
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var handler in compiled.HandlerMethods)
                {
                    calls.Add((new HttpMethod(handler.HttpMethod.ToUpperInvariant()), handler.Name));
                }
            }
            else
            {
                var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                calls.AddRange(methods.Select(m => (new HttpMethod(m), (string?)null)));
            }
            routes.Add(new SweptRoute(pattern, calls.Distinct().ToList()));
        }
        return routes;
    }

    /// <summary>GET pages without route parameters: the lists and overviews a signed-in user can open.</summary>
    private static Task<List<string>> ListPagesAsync(BeaconApp app)
    {
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Count == 0 && e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => !p.StartsWith("/account/sign-out", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        return Task.FromResult(pages);
    }
}
