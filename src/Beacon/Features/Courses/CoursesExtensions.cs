namespace Beacon.Features.Courses;

public static class CoursesExtensions
{
    public static WebApplicationBuilder AddCourses(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ContentOptions>().BindConfiguration(ContentOptions.Section);
        builder.Services.AddSingleton<CourseCatalog>();
        builder.Services.AddSingleton<NationalResources>();
        return builder;
    }

    /// <summary>
    /// `content check [folder]`: checks every course package (or one folder) without a database, printing
    /// each problem as file:line: reason. Exit code 0 when there are none.
    /// </summary>
    public static int Check(string contentDirectory, TextWriter output)
    {
        var folders = File.Exists(Path.Combine(contentDirectory, ContentLoader.CourseFile))
            ? [contentDirectory]
            : Directory.Exists(Path.Combine(contentDirectory, "courses"))
                ? Directory.EnumerateDirectories(Path.Combine(contentDirectory, "courses")).Order(StringComparer.Ordinal).ToList()
                : [];
        if (folders.Count == 0)
        {
            output.WriteLine($"{contentDirectory}: no course package found (expected course.yaml, or courses/<slug>/course.yaml)");
            return 1;
        }
        var total = 0;
        foreach (var folder in folders)
        {
            var result = ContentLoader.Load(folder);
            foreach (var problem in result.Problems)
            {
                output.WriteLine($"{Path.GetRelativePath(contentDirectory, folder)}/{problem}");
            }
            total += result.Problems.Count;
            if (result.Package is { } package)
            {
                output.WriteLine($"{package.Id} {package.Version}: {package.Modules.Count} modules, {package.Questions.Count} questions, " +
                    $"{package.Bibliography.Count} sources, tracks {string.Join(", ", package.Tracks.Select(t => $"{t.Id} ({t.Minutes} min, {t.CeHours} CE h)"))}");
            }
        }
        output.WriteLine(total == 0 ? "content check: 0 problems" : $"content check: {total} problems");
        return total == 0 ? 0 : 1;
    }
}
