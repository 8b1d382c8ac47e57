using System.Diagnostics;
using System.Net;
using Beacon.Data;
using Beacon.Features.Accounts;
using Beacon.Features.Screening;
using Beacon.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static Beacon.Tests.Infrastructure.Html;

namespace Beacon.Tests.Screening;

/// <summary>What a submission kind gets to send: a signed-in staff client, its antiforgery token, and fresh canaries.</summary>
public sealed class CanaryContext(BeaconApp app, HttpClient client, string token, Random random)
{
    /// <summary>Every canary starts with this: the detector looks for it, case-insensitively, wherever data could land.</summary>
    public const string Prefix = "zqxcanary";

    public BeaconApp App { get; } = app;
    public HttpClient Client { get; } = client;
    public string Token { get; } = token;
    public Random Random { get; } = random;
    public int Sent { get; set; }

    /// <summary>A unique canary: letters and digits only, so URL, HTML and JSON encodings leave it readable.</summary>
    public string Canary() => Prefix + Convert.ToHexStringLower(BitConverter.GetBytes(Random.NextInt64()));

    public T Pick<T>(IReadOnlyList<T> list) => list[Random.Next(list.Count)];

    /// <summary>Sends a request carrying canaries in the query string and in the User-Agent, Referer and a custom header.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        var url = $"{path}{(path.Contains('?', StringComparison.Ordinal) ? "&" : "?")}{Canary()}={Canary()}&note={Canary()}";
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("User-Agent", $"Mozilla/5.0 {Canary()}");
        request.Headers.TryAddWithoutValidation("Referer", $"http://localhost/{Canary()}?q={Canary()}");
        request.Headers.TryAddWithoutValidation("X-Patient-Name", Canary());
        request.Headers.TryAddWithoutValidation("Accept-Language", $"en-US,{Canary()[..8]};q=0.5");
        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form.Append(F("__RequestVerificationToken", Token)).Append(F(Canary(), Canary())).Append(F("patientName", Canary())));
        }
        Sent++;
        return await Client.SendAsync(request);
    }
}

/// <summary>One kind of toolkit submission: a name and how to send one randomized instance with canaries in every field.</summary>
public sealed record ToolkitSubmissionKind(string Name, Func<CanaryContext, Task> SendAsync);

/// <summary>
/// The toolkit's submission kinds, as a table: each feature of the toolkit adds its own (the reporting navigator,
/// the directory search, …) and the privacy test sends them all.
/// </summary>
public static class ToolkitSubmissions
{
    private const string Guide = "hhs-indicator-conversation-guide";

    public static List<ToolkitSubmissionKind> Kinds { get; } =
    [
        new("screening answers, some of them canaries", async c =>
        {
            var guide = c.App.Services.GetRequiredService<InstrumentCatalog>().Shipped.Single(i => i.Id == Guide);
            var form = guide.Items.Select(item => F(RunModel.AnswerPrefix + item.Id, c.Random.Next(4) == 0 ? c.Canary() : c.Pick(item.Answers).Id)).ToList();
            var response = await c.SendAsync(HttpMethod.Post, $"/toolkit/screening/{Guide}", form);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"answers: {(int)response.StatusCode}");
        }),
        new("screening answers, all valid, with unknown fields", async c =>
        {
            var guide = c.App.Services.GetRequiredService<InstrumentCatalog>().Shipped.Single(i => i.Id == Guide);
            var form = guide.Items.Where(_ => c.Random.Next(5) > 0).Select(item => F(RunModel.AnswerPrefix + item.Id, c.Pick(item.Answers).Id)).ToList();
            form.Add(F(RunModel.AnswerPrefix + c.Canary(), c.Canary()));
            form.Add(F("dateOfBirth", c.Canary()));
            var response = await c.SendAsync(HttpMethod.Post, $"/toolkit/screening/{Guide}", form);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }),
        new("anonymous tally, actions and band partly canaries", async c =>
        {
            var form = new List<KeyValuePair<string, string>>
            {
                F("band", c.Random.Next(3) == 0 ? c.Canary() : c.Pick(["no-concern-raised", "concern-raised"])),
                F("site", c.Random.Next(3) == 0 ? c.Canary() : ""),
            };
            foreach (var action in TallyActions.All.Where(_ => c.Random.Next(2) == 0))
            {
                form.Add(F("actions", action.Id));
            }
            if (c.Random.Next(2) == 0)
            {
                form.Add(F("actions", c.Canary()));
            }
            var response = await c.SendAsync(HttpMethod.Post, $"/toolkit/screening/{Guide}?handler=tally", form);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"tally: {(int)response.StatusCode}");
        }),
        new("screening pages read with canaries in the query", async c =>
        {
            var response = await c.SendAsync(HttpMethod.Get, c.Pick(["/toolkit/screening", $"/toolkit/screening/{Guide}", "/toolkit/screening/raft"]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }),
        new("an instrument id that is a canary", async c =>
        {
            var response = await c.SendAsync(c.Pick([HttpMethod.Get, HttpMethod.Post]), $"/toolkit/screening/{c.Canary()}", c.Random.Next(2) == 0 ? null : [F("a-pay", c.Canary())]);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"unknown instrument: {(int)response.StatusCode}");
        }),
        new("reporting navigator: age, state and situations, partly canaries", async c =>
        {
            var form = new List<KeyValuePair<string, string>>
            {
                F("Age", c.Random.Next(4) == 0 ? c.Canary() : c.Random.Next(0, 90).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                F("State", c.Random.Next(4) == 0 ? c.Canary() : c.Pick(["TX", "FL", "MI", "CA", Beacon.Features.Toolkit.ReportingModel.OtherState])),
            };
            foreach (var situation in new[] { "assaultive-injury", "imminent-danger", "patient-wants-report" }.Where(_ => c.Random.Next(2) == 0))
            {
                form.Add(F("Situations", situation));
            }
            if (c.Random.Next(3) == 0)
            {
                form.Add(F("Situations", c.Canary()));
            }
            var response = await c.SendAsync(HttpMethod.Post, "/toolkit/reporting", form);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }),
        new("directory search and filters, partly canaries", async c =>
        {
            var query = $"q={Uri.EscapeDataString(c.Random.Next(2) == 0 ? c.Canary() : c.Pick(["shelter", "legal", ""]))}" +
                        $"&category={(c.Random.Next(3) == 0 ? c.Canary() : "")}&language={(c.Random.Next(3) == 0 ? c.Canary() : "")}";
            var response = await c.SendAsync(HttpMethod.Get, $"/toolkit/directory?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }),
        new("patient card and reference pages read with canaries", async c =>
        {
            var path = c.Pick(["/toolkit", "/toolkit/red-flags", "/toolkit/protocol", "/toolkit/protocol/print", "/toolkit/codes", "/toolkit/handout",
                $"/toolkit/handout/card?lang={c.Pick(["en", "es", "both", c.Canary()])}"]);
            var response = await c.SendAsync(HttpMethod.Get, path);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        }),
    ];
}

/// <summary>
/// Issue 6, "Done when": 1,000 randomized toolkit submissions carrying unique canaries in every field a client
/// can send; then no canary in any text or binary column of any table (audit log and outbox included), in the
/// logs, in the traces and metrics, or in the mail sent. The same detector finds a canary stored on purpose.
/// </summary>
public sealed class PrivacyCanaryTests
{
    private const int Submissions = 1000;

    [Theory, DatabaseData]
    public async Task A_thousand_toolkit_submissions_leave_no_canary_anywhere(DatabaseProvider provider)
    {
        var activities = new List<Activity>();
        var metrics = new List<Metric>();
        await using var app = await BeaconApp.StartAsync(provider, a => a.WithServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(b => b.AddInMemoryExporter(activities));
            services.ConfigureOpenTelemetryMeterProvider(b => b.AddInMemoryExporter(metrics));
        }));
        var practice = await app.CreatePracticeAsync();
        var admin = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin, Roles.Learner));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SaveToolkitSettingsAsync(["hhs-indicator-conversation-guide", "raft"], tally: true)).StatusCode);
        var staff = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.Learner));
        var token = await staff.GetAntiforgeryTokenAsync("/toolkit/screening");

        var seed = Environment.TickCount;
        var context = new CanaryContext(app, staff, token, new Random(seed));
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Submissions; i++)
        {
            await context.Pick(ToolkitSubmissions.Kinds).SendAsync(context);
        }
        clock.Stop();
        Assert.True(context.Sent >= Submissions);
        // Something was recorded (the tally is on), so the scan below looks at real rows.
        Assert.True(await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.ScreeningTallies.All())) > 0);

        await app.DeliverEmailsAsync();
        app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        app.Services.GetRequiredService<MeterProvider>().ForceFlush();
        Assert.Contains(activities, a => (a.GetTagItem("url.path") as string)?.StartsWith("/toolkit/screening", StringComparison.Ordinal) == true);

        var found = await CanaryDetector.FindAsync(app, activities, metrics);
        Assert.True(found.Count == 0, $"seed {seed}, {clock.Elapsed.TotalSeconds:0.0} s: canaries found in\n" + string.Join("\n", found.Take(40)));
    }

    [Theory, DatabaseData]
    public async Task The_detector_finds_a_canary_stored_through_the_roster_form(DatabaseProvider provider)
    {
        var activities = new List<Activity>();
        var metrics = new List<Metric>();
        await using var app = await BeaconApp.StartAsync(provider);
        var practice = await app.CreatePracticeAsync();
        var admin = await app.SignInAsync(await app.CreateAccountAsync(practice.PracticeId, Roles.PracticeAdmin));
        var canary = CanaryContext.Prefix + "rosterlastname";
        var response = await admin.PostFormAsync("/roster/new",
        [
            F("Input.FirstName", "Rosa"), F("Input.LastName", canary), F("Input.Email", TestData.UniqueEmail("canary")), F("Input.JobRole", "registered-nurse"),
            F("Input.SiteId", practice.SiteIds[0].ToString()), F("Input.LicenceType", "RN"), F("Input.LicenceState", "TX"), F("Input.LicenceNumber", "RN-1"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var found = await CanaryDetector.FindAsync(app, activities, metrics);
        Assert.Contains(found, f => f.StartsWith("database staff_members.last_name", StringComparison.Ordinal));
        Assert.Contains(found, f => f.StartsWith("database audit_entries.changes", StringComparison.Ordinal));
    }
}

/// <summary>Looks for the canary prefix in every text and binary column of every table, the logs and the telemetry.</summary>
internal static class CanaryDetector
{
    public static async Task<List<string>> FindAsync(BeaconApp app, IReadOnlyList<Activity> activities, IReadOnlyList<Metric> metrics)
    {
        var found = new List<string>();
        found.AddRange(app.Provider == DatabaseProvider.Sqlite ? await SqliteAsync(app) : await PostgresAsync(app));
        found.AddRange(app.Logs.Where(Has).Select(l => "log: " + l[..Math.Min(300, l.Length)]));
        foreach (var activity in activities.ToList())
        {
            var texts = new List<string?> { activity.DisplayName, activity.OperationName, activity.StatusDescription };
            texts.AddRange(activity.TagObjects.Select(t => $"{t.Key}={t.Value}"));
            texts.AddRange(activity.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")));
            texts.AddRange(activity.Baggage.Select(b => $"{b.Key}={b.Value}"));
            found.AddRange(texts.Where(t => t is not null && Has(t)).Select(t => $"trace {activity.DisplayName}: {t}"));
        }
        foreach (var metric in metrics.ToList())
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var tag in point.Tags)
                {
                    if (Has($"{tag.Key}={tag.Value}"))
                    {
                        found.Add($"metric {metric.Name}: {tag.Key}={tag.Value}");
                    }
                }
            }
        }
        return found;
    }

    private static bool Has(string text) => text.Contains(CanaryContext.Prefix, StringComparison.OrdinalIgnoreCase);

    private static async Task<List<string>> SqliteAsync(BeaconApp app)
    {
        var found = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "beacon.db")};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT m.name, p.name, p.type FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var type = reader.GetString(2).ToUpperInvariant();
                if (type.Length == 0 || type.Contains("TEXT", StringComparison.Ordinal) || type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("BLOB", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal))
                {
                    columns.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
        }
        Assert.Contains(columns, c => c.Table == "audit_entries");
        Assert.Contains(columns, c => c.Table == "outbox_messages");
        foreach (var (table, column) in columns)
        {
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // names come from the schema itself
            command.CommandText = $"SELECT count(*) FROM \"{table}\" WHERE CAST(\"{column}\" AS TEXT) LIKE '%{CanaryContext.Prefix}%'";
#pragma warning restore CA2100
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                found.Add($"database {table}.{column}");
            }
        }
        return found;
    }

    private static async Task<List<string>> PostgresAsync(BeaconApp app)
    {
        var found = new List<string>();
        // A superuser reads past row-level security, so every practice's rows are scanned.
        var admin = new NpgsqlConnectionStringBuilder(TestDatabases.PostgresAdmin) { Database = app.Postgres!.Name, Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        var columns = new List<(string Table, string Column, string Type)>();
        await using (var command = new NpgsqlCommand(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' " +
            "AND data_type IN ('text', 'character varying', 'character', 'bytea', 'json', 'jsonb', 'USER-DEFINED', 'ARRAY')", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }
        Assert.Contains(columns, c => c.Table == "audit_entries");
        Assert.Contains(columns, c => c.Table == "outbox_messages");
        foreach (var (table, column, type) in columns)
        {
            var text = type == "bytea" ? $"encode(\"{column}\", 'escape')" : $"\"{column}\"::text";
#pragma warning disable CA2100 // names come from the schema itself
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" WHERE {text} ILIKE '%{CanaryContext.Prefix}%'", connection);
#pragma warning restore CA2100
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                found.Add($"database {table}.{column}");
            }
        }
        return found;
    }
}
