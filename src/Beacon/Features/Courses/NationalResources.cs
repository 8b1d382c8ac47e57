using System.Globalization;

namespace Beacon.Features.Courses;

/// <summary>A national line staff can call or text (the trafficking hotline first), with when it was last checked.</summary>
public sealed record NationalResource(
    string Id, string Name, string Phone, string? Text, string? Web, string? Hours, string? Languages,
    string? Operator, DateOnly LastVerified, string? Note);

/// <summary>
/// National resources are data, not lesson text: the hotline's operator changed in 2025, so its details
/// live in content/resources/national.yaml with a "last verified" date. This file only seeds the database
/// (<see cref="ReferralDirectory.NationalResourceSeeder"/>); the provider edits the lines there, and lessons,
/// the presenter and the toolkit read the current hotline from it (<see cref="ReferralDirectory.NationalResourceService"/>).
/// </summary>
public sealed class NationalResources
{
    public const string HotlineId = "national-hotline";

    public NationalResources(Microsoft.Extensions.Options.IOptions<ContentOptions> options)
    {
        var path = Path.Combine(options.Value.Resolve(), "resources", "national.yaml");
        All = File.Exists(path) ? Read(path) : [];
    }

    public IReadOnlyList<NationalResource> All { get; }

    public static IReadOnlyList<NationalResource> Read(string path)
    {
        var problems = new List<ContentProblem>();
        var yaml = new YamlNodes("resources/national.yaml", problems);
        var list = yaml.Sequence(yaml.Parse(File.ReadAllText(path)), "national.yaml");
        var resources = new List<NationalResource>();
        foreach (var item in list?.Children ?? [])
        {
            if (yaml.Mapping(item, "each resource") is not { } map)
            {
                continue;
            }
            string? Optional(string field) => yaml.Text(map, field, required: false) is { Length: > 0 } value ? value : null;
            var verified = DateOnly.TryParseExact(yaml.Text(map, "lastVerified"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : DateOnly.MinValue;
            resources.Add(new NationalResource(yaml.Text(map, "id"), yaml.Text(map, "name"), yaml.Text(map, "phone"), Optional("text"), Optional("web"),
                Optional("hours"), Optional("languages"), Optional("operator"), verified, Optional("note")));
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("content/resources/national.yaml: " + string.Join("; ", problems));
        }
        return resources;
    }
}
