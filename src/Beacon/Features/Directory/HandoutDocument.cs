using Beacon.Features.Certificates;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Beacon.Features.ReferralDirectory;

/// <summary>A line printed on the card: its label in the card's language, and the numbers to call and text (display form).</summary>
public sealed record CardLine(IReadOnlyDictionary<string, string> Labels, string? Phone, string? Text);

/// <summary>
/// The discreet patient card as a PDF: wallet-size cards (3.5 × 2 inches, two faces side by side to fold
/// or cut) drawn at actual size on a US Letter page, four to a page. The outside face lists the lines, the
/// inside face the questions and the reassurance. No face names trafficking or abuse (handout.yaml).
/// </summary>
public static class HandoutDocument
{
    private const double Margin = 54;
    private const double Pad = 9;
    private const int CardsPerPage = 4;

    private static readonly XColor Ink = XColor.FromArgb(0x1f, 0x2a, 0x37);
    private static readonly XColor Grey = XColor.FromArgb(0x55, 0x55, 0x55);
    private static readonly XColor CutLine = XColor.FromArgb(0x99, 0x99, 0x99);

    public static byte[] Render(HandoutCard card, IReadOnlyList<CardLanguage> languages, string practiceName, IReadOnlyList<CardLine> lines)
    {
        DejaVuFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = languages.Count > 0 ? languages[0].OutsideHeading : "Card";
        document.Info.Creator = "Beacon";
        var page = PdfLayout.AddLetterPage(document, landscape: false);
        var width = card.WidthInches * 72;
        var height = card.HeightInches * 72;
        var gap = (792 - 2 * Margin - CardsPerPage * height) / (CardsPerPage - 1);
        using (var g = XGraphics.FromPdfPage(page))
        {
            for (var i = 0; i < CardsPerPage; i++)
            {
                var language = languages[i % languages.Count];
                var top = Margin + i * (height + gap);
                var cut = new XPen(CutLine, 0.5) { DashStyle = XDashStyle.Dash };
                g.DrawRectangle(cut, Margin, top, 2 * width, height);
                g.DrawLine(new XPen(CutLine, 0.5) { DashStyle = XDashStyle.Dot }, Margin + width, top, Margin + width, top + height);
                DrawOutside(g, card, language, practiceName, lines, new XRect(Margin, top, width, height));
                DrawInside(g, language, new XRect(Margin + width, top, width, height));
            }
            g.DrawString("Cut along the dashed line and fold along the dotted line.", new XFont(DejaVuFonts.Sans, 7), new XSolidBrush(Grey), Margin, 792 - Margin / 2);
        }
        return PdfLayout.Save(document);
    }

    private static void DrawOutside(XGraphics g, HandoutCard card, CardLanguage language, string practiceName, IReadOnlyList<CardLine> lines, XRect face)
    {
        var ink = new XSolidBrush(Ink);
        var heading = new XFont(DejaVuFonts.Sans, 10, XFontStyleEx.Bold);
        var label = new XFont(DejaVuFonts.Sans, 8, XFontStyleEx.Bold);
        var body = new XFont(DejaVuFonts.Sans, 8);
        var small = new XFont(DejaVuFonts.Sans, 6.5);
        var lang = language.Lang;
        var y = face.Top + Pad + 10;
        g.DrawString(language.OutsideHeading, heading, ink, face.Left + Pad, y);
        y += 15;
        foreach (var line in lines)
        {
            var name = line.Labels.GetValueOrDefault(lang) ?? line.Labels.Values.FirstOrDefault() ?? "";
            g.DrawString(name, label, ink, face.Left + Pad, y);
            y += 10;
            var numbers = new List<string>();
            if (line.Phone is not null)
            {
                numbers.Add($"{card.CallLabel.GetValueOrDefault(lang, "Call")} {line.Phone}");
            }
            if (line.Text is not null)
            {
                numbers.Add($"{card.TextLabel.GetValueOrDefault(lang, "Text")} {line.Text}");
            }
            foreach (var text in numbers)
            {
                g.DrawString(text, body, ink, face.Left + Pad, y);
                y += 10;
            }
            y += 3;
        }
        var footer = language.OutsideFooter.Replace("{{practice.name}}", practiceName, StringComparison.Ordinal);
        g.DrawString(footer, small, new XSolidBrush(Grey), face.Left + Pad, face.Bottom - Pad);
    }

    private static void DrawInside(XGraphics g, CardLanguage language, XRect face)
    {
        var ink = new XSolidBrush(Ink);
        var heading = new XFont(DejaVuFonts.Sans, 9, XFontStyleEx.Bold);
        var body = new XFont(DejaVuFonts.Sans, 7.2);
        var width = face.Width - 2 * Pad;
        var y = face.Top + Pad + 9;
        g.DrawString(language.InsideHeading, heading, ink, face.Left + Pad, y);
        y += 12;
        foreach (var question in language.Questions)
        {
            var wrapped = PdfLayout.Wrap(g, question, body, width - 8);
            g.DrawString("•", body, ink, face.Left + Pad, y);
            foreach (var line in wrapped)
            {
                g.DrawString(line, body, ink, face.Left + Pad + 8, y);
                y += 9;
            }
            y += 2;
        }
        y += 2;
        foreach (var text in new[] { language.Choice, language.Clinic })
        {
            foreach (var line in PdfLayout.Wrap(g, text, body, width))
            {
                g.DrawString(line, body, ink, face.Left + Pad, y);
                y += 9;
            }
            y += 2;
        }
    }
}
