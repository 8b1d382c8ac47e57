using System.Collections.Concurrent;
using Beacon.Data;
using Beacon.Features.Courses;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Features.Screening;

/// <summary>An instrument as a practice sees it: where it comes from, and whether its staff are offered it.</summary>
public sealed record AvailableInstrument(InstrumentDefinition Definition, bool Shipped, ImportedInstrument? Import);

/// <summary>
/// The instruments of the installation: the shipped files (checked at start-up; a problem stops the start
/// with file and line) and the item files provider administrators imported, which make a shipped card
/// runnable (same id) or add an instrument. Practices choose which of these their staff are offered.
/// </summary>
public sealed class InstrumentCatalog
{
    private readonly ConcurrentDictionary<Guid, InstrumentDefinition> _imports = new();

    public InstrumentCatalog(IOptions<ContentOptions> options)
    {
        var content = options.Value.Resolve();
        var result = InstrumentLoader.LoadShipped(content);
        if (result.Problems.Count > 0)
        {
            throw new InvalidOperationException("content/instruments has problems:\n" + string.Join("\n", result.Problems));
        }
        Shipped = result.Instruments;
        References = InstrumentReferences.FromContent(content);
    }

    public IReadOnlyList<InstrumentDefinition> Shipped { get; }

    public InstrumentReferences References { get; }

    /// <summary>What a practice without settings is offered: everything Beacon ships.</summary>
    public IReadOnlySet<string> DefaultOffered => Shipped.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>Checks an uploaded item file; for a shipped card's id the card's rules and texts apply.</summary>
    public InstrumentDefinition? ReadUpload(string fileName, string text, List<ContentProblem> problems)
    {
        var id = PeekId(text);
        var card = Shipped.FirstOrDefault(i => i.Id == id);
        var instrument = InstrumentLoader.Read(fileName, text, InstrumentOrigin.Import, References, card, problems);
        if (instrument is not null && card is { Runnable: true })
        {
            problems.Add(new ContentProblem(fileName, 1, $"id: '{id}' is a conversation guide Beacon ships with its items; give the imported instrument an id of its own"));
            return null;
        }
        return instrument;
    }

    private static string? PeekId(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("id:", StringComparison.Ordinal))
            {
                return line[3..].Trim().Trim('"', '\'');
            }
        }
        return null;
    }

    /// <summary>Every instrument of the installation, newest active import of each id in place of (or beside) the shipped one.</summary>
    public async Task<IReadOnlyList<AvailableInstrument>> AvailableAsync(BeaconDbContext db, CancellationToken cancellationToken)
    {
        var imports = await db.ImportedInstruments.AsNoTracking().Where(i => i.RetiredAt == null).ToListAsync(cancellationToken);
        var newest = imports.GroupBy(i => i.InstrumentId).Select(g => g.OrderByDescending(i => i.ImportedAt).ThenByDescending(i => i.Id).First()).ToList();
        var result = new List<AvailableInstrument>();
        foreach (var shipped in Shipped)
        {
            var import = newest.FirstOrDefault(i => i.InstrumentId == shipped.Id);
            var definition = import is null ? null : Parse(import);
            result.Add(definition is null ? new AvailableInstrument(shipped, true, null) : new AvailableInstrument(definition, true, import));
        }
        foreach (var import in newest.Where(i => Shipped.All(s => s.Id != i.InstrumentId)).OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            if (Parse(import) is { } definition)
            {
                result.Add(new AvailableInstrument(definition, false, import));
            }
        }
        return result;
    }

    /// <summary>The practice's settings row, or the defaults (shipped instruments offered, tally off).</summary>
    public async Task<(IReadOnlySet<string> Offered, bool TallyEnabled)> SettingsAsync(BeaconDbContext db, CancellationToken cancellationToken)
    {
        var settings = await db.PracticeToolkitSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return settings is null ? (DefaultOffered, false) : (settings.Offered, settings.TallyEnabled);
    }

    /// <summary>The instruments the signed-in practice offers its staff.</summary>
    public async Task<IReadOnlyList<AvailableInstrument>> OfferedAsync(BeaconDbContext db, CancellationToken cancellationToken)
    {
        var (offered, _) = await SettingsAsync(db, cancellationToken);
        return [.. (await AvailableAsync(db, cancellationToken)).Where(i => offered.Contains(i.Definition.Id))];
    }

    private InstrumentDefinition? Parse(ImportedInstrument import) =>
        _imports.GetOrAdd(import.Id, _ =>
        {
            var problems = new List<ContentProblem>();
            return ReadUpload(import.FileName, import.Content, problems)!;
        }) is { } definition ? definition : null;
}
