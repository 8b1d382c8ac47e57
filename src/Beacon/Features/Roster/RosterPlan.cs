namespace Beacon.Features.Roster;

/// <summary>A person's roster fields: as the roster has them now, or as an import would leave them.</summary>
public sealed record StaffValues(
    Guid Id, string FirstName, string LastName, string Email, string? EmployeeId, string JobRole, Guid SiteId,
    DateOnly? HireDate, Guid? ManagerId, string? LicenceType, string? LicenceNumber, string? LicenceState,
    DateOnly? LicenceExpiry, bool Active)
{
    public string FullName => $"{FirstName} {LastName}";
}

/// <summary>One change an import makes: who, from which line, and the person's fields before and after.</summary>
public sealed record PlannedChange(RosterChangeKind Kind, int Line, StaffValues? Before, StaffValues After, string? Detail);

/// <summary>
/// What a roster file would change, worked out against the roster as it is. Each row is matched to a person by
/// employee ID first, then by email; a row that matches nobody adds a person. Pure: the same file and the same
/// roster always give the same counts, which is how apply knows the roster has not moved since the preview.
/// </summary>
public sealed class RosterPlan
{
    private RosterPlan()
    {
    }

    public List<PlannedChange> Changes { get; } = [];
    public List<RosterProblem> Problems { get; } = [];
    public int AddCount { get; private set; }

    /// <summary>Updates, reactivations included.</summary>
    public int UpdateCount { get; private set; }

    public int DeactivateCount { get; private set; }
    public int UnchangedCount { get; private set; }

    public static RosterPlan Build(
        IReadOnlyList<RosterEntry> entries, RosterLayout layout, IReadOnlyList<StaffValues> roster,
        IReadOnlyDictionary<Guid, string> siteNames, bool fullRoster)
    {
        var plan = new RosterPlan();
        var rosterByEmployeeId = new Dictionary<string, StaffValues>(StringComparer.Ordinal);
        var rosterByEmail = new Dictionary<string, StaffValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var person in roster)
        {
            if (person.EmployeeId is { } employeeId)
            {
                rosterByEmployeeId.TryAdd(employeeId, person);
            }
            rosterByEmail.TryAdd(person.Email, person);
        }

        // 1. The same employee ID or email twice in the file: the later line is the problem.
        var fileByEmployeeId = new Dictionary<string, RosterEntry>(StringComparer.Ordinal);
        var fileByEmail = new Dictionary<string, RosterEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            if (entry.EmployeeId is { } employeeId && !fileByEmployeeId.TryAdd(employeeId, entry))
            {
                plan.Invalid(entry, RosterColumn.EmployeeId, $"Employee ID {employeeId} is also on line {fileByEmployeeId[employeeId].Line}. Each person should be in the file once.");
            }
            if (entry.Email is { } email && !fileByEmail.TryAdd(email, entry))
            {
                plan.Invalid(entry, RosterColumn.Email, $"{email} is also on line {fileByEmail[email].Line}. Each person should be in the file once.");
            }
        }

        // 2. Match rows to people: employee ID first, then email. Rows with problems still mark their person as
        //    present, so a full-roster import never deactivates someone only because their row had a typo.
        var personOf = new Dictionary<RosterEntry, Guid>(ReferenceEqualityComparer.Instance);
        var matchOf = new Dictionary<RosterEntry, StaffValues>(ReferenceEqualityComparer.Instance);
        var claimedBy = new Dictionary<Guid, RosterEntry>();
        foreach (var entry in entries)
        {
            StaffValues? byId = entry.EmployeeId is { } employeeId && rosterByEmployeeId.TryGetValue(employeeId, out var p1) ? p1 : null;
            var match = byId ?? (entry.Email is { } email && rosterByEmail.TryGetValue(email, out var p2) ? p2 : null);
            if (match is null)
            {
                if (entry.Valid)
                {
                    personOf[entry] = Guid.CreateVersion7();
                }
                continue;
            }
            if (!claimedBy.TryAdd(match.Id, entry))
            {
                if (entry.Valid)
                {
                    var column = byId is not null ? RosterColumn.EmployeeId : RosterColumn.Email;
                    plan.Invalid(entry, column, $"This row and line {claimedBy[match.Id].Line} both match {match.FullName} on the roster. Each person should be in the file once.");
                }
                continue;
            }
            personOf[entry] = match.Id;
            if (entry.Valid && byId is not null && entry.Email is { } newEmail &&
                rosterByEmail.TryGetValue(newEmail, out var other) && other.Id != match.Id)
            {
                plan.Invalid(entry, RosterColumn.Email, $"{newEmail} belongs to {other.FullName}{(other.EmployeeId is { } e ? $" (employee ID {e})" : "")} on the roster, not to {match.FullName} (employee ID {match.EmployeeId}). Fix the email, or change {other.FirstName}'s email first.");
                continue;
            }
            matchOf[entry] = match;
        }

        // 3. Managers: another row of the file, or someone on the roster.
        var managerOf = new Dictionary<RosterEntry, Guid>(ReferenceEqualityComparer.Instance);
        var namesById = roster.ToDictionary(p => p.Id, p => p.FullName);
        foreach (var entry in entries)
        {
            if (personOf.TryGetValue(entry, out var id))
            {
                namesById[id] = entry.FullName;
            }
        }
        if (layout.Has(RosterColumn.ManagerEmployeeId) || layout.Has(RosterColumn.ManagerEmail))
        {
            foreach (var entry in entries.Where(e => e.Valid && e.ManagerKey is not null))
            {
                var key = entry.ManagerKey!;
                var byEmployeeId = entry.ManagerColumn == RosterColumn.ManagerEmployeeId;
                var inFile = byEmployeeId ? fileByEmployeeId.GetValueOrDefault(key) : fileByEmail.GetValueOrDefault(key);
                Guid? managerId = null;
                if (inFile is not null)
                {
                    // A manager whose own row has a problem is still "in the file": that row's problem is reported already.
                    if (!personOf.TryGetValue(inFile, out var fileId))
                    {
                        continue;
                    }
                    managerId = fileId;
                }
                else if ((byEmployeeId ? rosterByEmployeeId.GetValueOrDefault(key) : rosterByEmail.GetValueOrDefault(key)) is { } onRoster)
                {
                    managerId = onRoster.Id;
                }
                var column = entry.ManagerColumn;
                if (managerId is null)
                {
                    var what = byEmployeeId ? $"employee ID {key}" : key;
                    plan.Invalid(entry, column, $"The manager {what} is not in this file or on the roster.");
                }
                else if (managerId == personOf[entry])
                {
                    plan.Invalid(entry, column, "A person cannot be their own manager.");
                }
                else
                {
                    managerOf[entry] = managerId.Value;
                }
            }
        }

        // 4. What each good row changes.
        var now = new List<PlannedChange>();
        foreach (var entry in entries.Where(e => e.Valid))
        {
            var id = personOf[entry];
            if (!matchOf.TryGetValue(entry, out var before))
            {
                var added = new StaffValues(id, entry.FirstName, entry.LastName, entry.Email!, entry.EmployeeId, entry.JobRole, entry.SiteId,
                    entry.HireDate, managerOf.TryGetValue(entry, out var m) ? m : null, entry.LicenceType, entry.LicenceNumber,
                    entry.LicenceState, entry.LicenceExpiry, entry.Active);
                plan.Record(new PlannedChange(RosterChangeKind.Add, entry.Line, null, added, entry.Active ? null : "added as inactive"));
                continue;
            }

            // Columns the file leaves out keep their values; an empty cell clears an optional detail. An import
            // never removes an employee ID: it is how the next import finds the person.
            var after = before with
            {
                FirstName = entry.FirstName,
                LastName = entry.LastName,
                Email = entry.Email!,
                EmployeeId = entry.EmployeeId ?? before.EmployeeId,
                JobRole = entry.JobRole,
                SiteId = entry.SiteId,
                HireDate = layout.Has(RosterColumn.HireDate) ? entry.HireDate : before.HireDate,
                ManagerId = layout.Has(RosterColumn.ManagerEmployeeId) || layout.Has(RosterColumn.ManagerEmail)
                    ? (managerOf.TryGetValue(entry, out var manager) ? manager : null)
                    : before.ManagerId,
                LicenceType = layout.Has(RosterColumn.LicenceType) ? entry.LicenceType : before.LicenceType,
                LicenceNumber = layout.Has(RosterColumn.LicenceNumber) ? entry.LicenceNumber : before.LicenceNumber,
                LicenceState = layout.Has(RosterColumn.LicenceState) ? entry.LicenceState : before.LicenceState,
                LicenceExpiry = layout.Has(RosterColumn.LicenceExpiry) ? entry.LicenceExpiry : before.LicenceExpiry,
                // Being in the file means being on staff, unless the active column says otherwise.
                Active = entry.Active,
            };
            if (after == before)
            {
                plan.UnchangedCount++;
                continue;
            }
            var kind = after.Active == before.Active ? RosterChangeKind.Update
                : after.Active ? RosterChangeKind.Reactivate
                : RosterChangeKind.Deactivate;
            plan.Record(new PlannedChange(kind, entry.Line, before, after, Describe(before, after, siteNames, namesById)));
        }

        // 5. A full roster: whoever is active but not in the file has left.
        if (fullRoster)
        {
            foreach (var person in roster.Where(p => p.Active && !claimedBy.ContainsKey(p.Id)).OrderBy(p => p.LastName, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.FirstName, StringComparer.OrdinalIgnoreCase))
            {
                plan.Record(new PlannedChange(RosterChangeKind.Deactivate, 0, person, person with { Active = false }, "not in the file"));
            }
        }
        return plan;
    }

    /// <summary>"site: North Clinic → South Clinic; hire date: — → 2024-02-01".</summary>
    public static string Describe(StaffValues before, StaffValues after, IReadOnlyDictionary<Guid, string> siteNames, IReadOnlyDictionary<Guid, string> people)
    {
        var parts = new List<string>();
        void Compare(string label, string? from, string? to)
        {
            if (!string.Equals(from, to, StringComparison.Ordinal))
            {
                parts.Add($"{label}: {from ?? "—"} → {to ?? "—"}");
            }
        }
        string? Site(Guid id) => siteNames.TryGetValue(id, out var name) ? name : null;
        string? Person(Guid? id) => id is { } value ? people.GetValueOrDefault(value, "someone") : null;

        Compare("first name", before.FirstName, after.FirstName);
        Compare("last name", before.LastName, after.LastName);
        Compare("email", before.Email, after.Email);
        Compare("employee ID", before.EmployeeId, after.EmployeeId);
        Compare("job role", JobRoles.NameOf(before.JobRole), JobRoles.NameOf(after.JobRole));
        Compare("site", Site(before.SiteId), Site(after.SiteId));
        Compare("hire date", before.HireDate is null ? null : StaffFields.Describe(before.HireDate), after.HireDate is null ? null : StaffFields.Describe(after.HireDate));
        Compare("manager", Person(before.ManagerId), Person(after.ManagerId));
        Compare("licence type", before.LicenceType, after.LicenceType);
        Compare("licence number", before.LicenceNumber, after.LicenceNumber);
        Compare("licence state", before.LicenceState, after.LicenceState);
        Compare("licence expiry", before.LicenceExpiry is null ? null : StaffFields.Describe(before.LicenceExpiry), after.LicenceExpiry is null ? null : StaffFields.Describe(after.LicenceExpiry));
        Compare("active", before.Active ? "yes" : "no", after.Active ? "yes" : "no");
        var text = string.Join("; ", parts);
        return text.Length > 2000 ? text[..1999] + "…" : text;
    }

    private void Invalid(RosterEntry entry, RosterColumn column, string message)
    {
        entry.Valid = false;
        Problems.Add(new RosterProblem(entry.Line, RosterColumns.NameOf(column), message));
    }

    private void Record(PlannedChange change)
    {
        Changes.Add(change);
        switch (change.Kind)
        {
            case RosterChangeKind.Add:
                AddCount++;
                break;
            case RosterChangeKind.Deactivate:
                DeactivateCount++;
                break;
            default:
                UpdateCount++;
                break;
        }
    }
}
