using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Beacon.Features.Certificates;

/// <summary>
/// PDFsharp's core build finds no fonts on Linux by itself: this resolver serves DejaVu from the system's
/// fonts-dejavu-core package. Fonts are read from the machine, never shipped in the repository.
/// </summary>
public sealed class DejaVuFonts : IFontResolver
{
    public const string Sans = "DejaVu Sans";
    public const string Serif = "DejaVu Serif";
    public const string Directory = "/usr/share/fonts/truetype/dejavu";

    private const string SansFace = "DejaVuSans";
    private const string SansBoldFace = "DejaVuSans-Bold";
    private const string SerifFace = "DejaVuSerif";

    private static readonly Lock Gate = new();
    private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.Ordinal);

    private DejaVuFonts()
    {
    }

    /// <summary>PDFsharp requires the same resolver instance for the life of the process.</summary>
    public static DejaVuFonts Instance { get; } = new();

    /// <summary>
    /// Sets the process-wide resolver once. Several hosts in one process (tests) call this; PDFsharp accepts
    /// only one resolver, so later calls change nothing.
    /// </summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (!ReferenceEquals(GlobalFontSettings.FontResolver, Instance))
            {
                GlobalFontSettings.FontResolver = Instance;
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        // Only three faces are installed everywhere; anything else asked for (italic, other families) is
        // drawn with the nearest one, and PDFsharp simulates the slant or weight.
        if (string.Equals(familyName, Serif, StringComparison.OrdinalIgnoreCase))
        {
            return new FontResolverInfo(SerifFace, bold, italic);
        }
        return bold ? new FontResolverInfo(SansBoldFace, false, italic) : new FontResolverInfo(SansFace, false, italic);
    }

    public byte[]? GetFont(string faceName) => _faces.GetOrAdd(faceName, static face =>
    {
        var path = Path.Combine(Directory, face + ".ttf");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Certificates and transcripts need the DejaVu fonts: install the Debian package fonts-dejavu-core ({path} is missing).", path);
        }
        return File.ReadAllBytes(path);
    });
}
