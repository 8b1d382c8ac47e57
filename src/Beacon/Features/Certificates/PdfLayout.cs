using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Beacon.Features.Certificates;

/// <summary>Small layout helpers shared by the certificate and transcript PDFs.</summary>
public static class PdfLayout
{
    private static readonly CultureInfo UsEnglish = CultureInfo.GetCultureInfo("en-US");

    /// <summary>"March 2, 2026": how a certificate states its dates.</summary>
    public static string LongDate(DateOnly date) => date.ToString("MMMM d, yyyy", UsEnglish);

    /// <summary>"Mar 2, 2026": dates in tables.</summary>
    public static string ShortDate(DateOnly date) => date.ToString("MMM d, yyyy", UsEnglish);

    /// <summary>"1.0", "0.5", "0.75": CE hours as accrediting bodies write them.</summary>
    public static string Hours(decimal hours) => hours.ToString("0.0#", CultureInfo.InvariantCulture);

    public static PdfPage AddLetterPage(PdfDocument document, bool landscape)
    {
        var page = document.AddPage();
        // Width and height are set directly (not through Orientation) so drawing coordinates match what prints.
        page.Width = XUnit.FromPoint(landscape ? 792 : 612);
        page.Height = XUnit.FromPoint(landscape ? 612 : 792);
        return page;
    }

    public static byte[] Save(PdfDocument document)
    {
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    /// <summary>Breaks text into lines no wider than <paramref name="width"/>; explicit line breaks are kept.</summary>
    public static IReadOnlyList<string> Wrap(XGraphics graphics, string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (graphics.MeasureString(candidate, font).Width <= width)
                {
                    line.Clear().Append(candidate);
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }
                // A single word wider than the column (a long code) is broken where it must be.
                var rest = word;
                while (graphics.MeasureString(rest, font).Width > width && rest.Length > 1)
                {
                    var take = rest.Length - 1;
                    while (take > 1 && graphics.MeasureString(rest[..take], font).Width > width)
                    {
                        take--;
                    }
                    lines.Add(rest[..take]);
                    rest = rest[take..];
                }
                line.Append(rest);
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    /// <summary>
    /// A file name that is safe in every browser and file system: ASCII letters, digits and hyphens, from the
    /// given parts (accents are dropped, not the letters they sit on).
    /// </summary>
    public static string SafeFileName(string extension, params string[] parts)
    {
        var name = new StringBuilder();
        foreach (var ch in string.Join('-', parts).Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsAsciiLetterOrDigit(ch))
            {
                name.Append(char.ToLowerInvariant(ch));
            }
            else if (name.Length > 0 && name[^1] != '-')
            {
                name.Append('-');
            }
        }
        var stem = name.ToString().Trim('-');
        if (stem.Length > 80)
        {
            stem = stem[..80].TrimEnd('-');
        }
        return (stem.Length == 0 ? "beacon" : stem) + "." + extension;
    }
}
