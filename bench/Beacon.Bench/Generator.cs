using Beacon.Features.Learning;
using Beacon.Features.Roster;

namespace Beacon.Bench;

public sealed record PracticeSpec(string Name, int Staff, int Sites, int Roles, int Requirements, int Completions);

public sealed record Person(Guid Id, Guid PracticeId, Guid SiteId, string JobRole, string FirstName, string LastName, string Email, DateOnly HireDate, bool Active);

public sealed record Done(Guid Id, Guid PracticeId, Guid StaffMemberId, string Track, DateOnly CompletedOn);

/// <summary>
/// A reproducible data set from a seed (PERFORMANCE.md): the same seed gives the same people, sites, roles,
/// completions and ids. Completions spread over the five years before "today" and mostly follow a yearly rhythm,
/// so the due dates spread over every state.
/// </summary>
public sealed class Generator(int seed, DateOnly today)
{
    private readonly Random _random = new(seed);

    public DateOnly Today { get; } = today;

    public Guid NextId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        return new Guid(bytes);
    }

    /// <summary>Up to 12 roles: eight clinical and the four non-clinical ones, so both tracks appear.</summary>
    public static IReadOnlyList<string> Roles(int count) => [.. JobRoles.All.Take(8).Concat(JobRoles.All.Skip(12)).Take(count).Select(r => r.Code)];

    public List<Person> People(Guid practiceId, IReadOnlyList<Guid> sites, IReadOnlyList<string> roles, int count)
    {
        var people = new List<Person>(count);
        for (var i = 0; i < count; i++)
        {
            // Most staff were hired years ago; about one in twenty in the last year (new-hire windows).
            var hired = _random.Next(20) == 0 ? Today.AddDays(-_random.Next(0, 365)) : Today.AddDays(-_random.Next(365, 365 * 12));
            people.Add(new Person(NextId(), practiceId, sites[_random.Next(sites.Count)], roles[_random.Next(roles.Count)],
                $"First{i}", $"Last{i:D6}", $"person{i}@p{practiceId.ToString("N")[..8]}.example", hired, _random.Next(50) != 0));
        }
        return people;
    }

    /// <summary>About <paramref name="total"/> completions over five years, a person's own rhythm with some misses.</summary>
    public IEnumerable<Done> Completions(IReadOnlyList<Person> people, int total)
    {
        var perPerson = (double)total / people.Count;
        var start = Today.AddYears(-5);
        var emitted = 0;
        for (var p = 0; p < people.Count && emitted < total; p++)
        {
            var person = people[p];
            var count = (int)Math.Round(perPerson + ((_random.NextDouble() - 0.5) * 2));
            var track = Learners.TrackFor(person.JobRole);
            var offset = _random.Next(0, 365);
            for (var k = 0; k < count && emitted < total; k++)
            {
                var day = start.AddDays(offset + (k * 1826 / Math.Max(1, count)) + _random.Next(-20, 20));
                if (day > Today || day < person.HireDate)
                {
                    day = Today.AddDays(-_random.Next(0, 400));
                }
                emitted++;
                yield return new Done(NextId(), person.PracticeId, person.Id, _random.Next(10) == 0 ? Learners.ClinicalTrack : track, day);
            }
        }
    }

    public int Next(int max) => _random.Next(max);
}
