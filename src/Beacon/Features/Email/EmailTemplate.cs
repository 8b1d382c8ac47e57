using System.Text;
using System.Text.Encodings.Web;

namespace Beacon.Features.Email;

/// <summary>
/// Builds Beacon's emails: a greeting by name, a few paragraphs, one button-style link, and the same in plain
/// text. Emails carry links only, never personal data beyond the recipient's name.
/// </summary>
public static class EmailTemplate
{
    public static EmailContent Build(string subject, string recipientName, IReadOnlyList<string> paragraphs, string linkText, string linkUrl, string footnote)
    {
        var encoder = HtmlEncoder.Default;
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(encoder.Encode(subject))
            .Append("</title></head><body style=\"font-family:Arial,Helvetica,sans-serif;color:#1b1b1b;line-height:1.5;max-width:560px;margin:0 auto;padding:16px\">")
            .Append("<p>Hello ").Append(encoder.Encode(recipientName)).Append(",</p>");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(encoder.Encode(paragraph)).Append("</p>");
        }
        html.Append("<p><a href=\"").Append(encoder.Encode(linkUrl))
            .Append("\" style=\"display:inline-block;background:#0b5cad;color:#ffffff;padding:10px 18px;border-radius:4px;text-decoration:none\">")
            .Append(encoder.Encode(linkText)).Append("</a></p>")
            .Append("<p style=\"font-size:13px;color:#555\">").Append(encoder.Encode(footnote)).Append("</p>")
            .Append("<p style=\"font-size:13px;color:#555\">Beacon</p></body></html>");

        var text = new StringBuilder()
            .Append("Hello ").Append(recipientName).Append(",\n\n");
        foreach (var paragraph in paragraphs)
        {
            text.Append(paragraph).Append("\n\n");
        }
        text.Append(linkText).Append(": ").Append(linkUrl).Append("\n\n")
            .Append(footnote).Append("\n\n-- \nBeacon\n");
        return new EmailContent(subject, html.ToString(), text.ToString());
    }

    /// <summary>As <see cref="Build"/>, with a list of short lines (one per item) after the paragraphs.</summary>
    public static EmailContent BuildWithList(string subject, string recipientName, IReadOnlyList<string> paragraphs, IReadOnlyList<string> items, string linkText, string linkUrl, string footnote)
    {
        var plain = Build(subject, recipientName, paragraphs, linkText, linkUrl, footnote);
        if (items.Count == 0)
        {
            return plain;
        }
        var encoder = HtmlEncoder.Default;
        var list = new StringBuilder("<ul>");
        foreach (var item in items)
        {
            list.Append("<li>").Append(encoder.Encode(item)).Append("</li>");
        }
        list.Append("</ul>");
        var textList = new StringBuilder();
        foreach (var item in items)
        {
            textList.Append("- ").Append(item).Append('\n');
        }
        textList.Append('\n');
        // The list goes just before the link.
        var linkStart = plain.Html.LastIndexOf("<p><a href=", StringComparison.Ordinal);
        var html = plain.Html.Insert(linkStart, list.ToString());
        var textLinkStart = plain.Text.LastIndexOf(linkText + ": ", StringComparison.Ordinal);
        var text = plain.Text.Insert(textLinkStart, textList.ToString());
        return new EmailContent(subject, html, text);
    }
}
