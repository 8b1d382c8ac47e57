using System.Text;
using Beacon.Features.Reports;
using Beacon.Features.Roster;
using CsvHelper;

namespace Beacon.Features.ReferralDirectory;

/// <summary>A problem with the file as a whole: no row of it is checked or written.</summary>
public sealed class DirectoryFileException(string message) : Exception(message);

/// <summary>One data row: its line in the file, the entry_id cell and the raw cells by field name.</summary>
public sealed record DirectoryCsvRow(int Line, string? EntryId, IReadOnlyDictionary<string, string?> Cells);

/// <summary>
/// The directory's CSV file (content/toolkit/directory-fields.md, "CSV file"): UTF-8, comma separated, one
/// header row. Export writes every column with the spreadsheet-formula defence; import reads it back so an
/// exported file compares equal to the directory.
/// </summary>
public static class DirectoryCsv
{
    public const int MaxFileBytes = 2 * 1024 * 1024;
    public const int MaxRows = 2000;

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private static readonly string[] RequiredColumns = ["name", "categories", "serviceArea", "lawEnforcementPosture", "lastVerified", "verifiedBy"];

    public static byte[] Write(IEnumerable<DirectoryEntry> entries)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', DirectoryFields.CsvHeader.Select(Csv.SafeField))).Append("\r\n");
        foreach (var entry in entries)
        {
            var values = DirectoryFields.All.Select(f => f.Get(entry));
            text.Append(string.Join(',', new[] { entry.Id.ToString() }.Concat(values).Select(Csv.SafeField))).Append("\r\n");
        }
        // A byte order mark, so Excel opens accented names as UTF-8.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>Header matching ignores case, spaces, hyphens and underscores, as for the roster.</summary>
    private static string Key(string header) =>
        new([.. header.Where(c => c is not (' ' or '-' or '_')).Select(char.ToLowerInvariant)]);

    /// <summary>Reads the whole file (at most <see cref="MaxFileBytes"/>), or throws with what is wrong with it.</summary>
    public static List<DirectoryCsvRow> Read(byte[] content)
    {
        if (content.Length == 0)
        {
            throw new DirectoryFileException("The file is empty.");
        }
        if (content.Length > MaxFileBytes)
        {
            throw new DirectoryFileException($"The file is {content.Length / 1024} KB; Beacon accepts directory files up to {MaxFileBytes / 1024 / 1024} MB ({MaxRows:N0} entries).");
        }
        var format = RosterFileFormat.Detect(content.AsSpan(0, Math.Min(content.Length, RosterFileFormat.SniffLength)), out var problem);
        if (format is null)
        {
            throw new DirectoryFileException(problem!.Replace("or “Excel Workbook (.xlsx)”", "", StringComparison.Ordinal).Replace("“CSV UTF-8 (Comma delimited)” ", "“CSV UTF-8 (Comma delimited)”", StringComparison.Ordinal));
        }
        if (format != RosterFileFormat.Csv)
        {
            throw new DirectoryFileException("This is an Excel workbook. The directory imports CSV files: in Excel choose File › Save As and pick “CSV UTF-8 (Comma delimited)”, then upload that file.");
        }

        string? fatal = null;
        var options = UploadedCsv.Options(256 * 1024, message => fatal = message);
        using var stream = new MemoryStream(content, writable: false);
        using var csv = CsvReader.Create(stream, options, leaveOpen: true);

        bool Next()
        {
            bool read;
            try
            {
                read = csv.Read();
            }
            catch (CsvFormatException ex)
            {
                throw new DirectoryFileException($"Line {ex.LineNumber} could not be read as CSV: a row is far longer than a directory row can be, which usually means a quote mark is not closed.");
            }
            if (fatal is not null)
            {
                throw new DirectoryFileException(fatal);
            }
            if (read && !System.Text.Unicode.Utf8.IsValid(csv.RawRecord))
            {
                throw new DirectoryFileException($"Line {csv.LineNumber} is not UTF-8 text. In Excel, save the file as “CSV UTF-8 (Comma delimited)” and upload it again.");
            }
            return read;
        }
        List<string> Cells()
        {
            var cells = new List<string>(csv.FieldCount);
            for (var i = 0; i < csv.FieldCount; i++)
            {
                cells.Add(csv.GetString(i) ?? "");
            }
            return cells;
        }

        if (!Next())
        {
            throw new DirectoryFileException("The file has no rows. The first row must name the columns; export the directory to see them.");
        }
        var header = Cells();
        if (header.Count > 0 && header[0].StartsWith('\uFEFF'))
        {
            header[0] = header[0][1..];
        }
        if (header.Count == 1 && (header[0].Contains(';', StringComparison.Ordinal) || header[0].Contains('\t', StringComparison.Ordinal)))
        {
            throw new DirectoryFileException("The columns are separated by semicolons or tabs. Beacon reads comma-separated files: in Excel choose “CSV UTF-8 (Comma delimited)”.");
        }
        var byKey = DirectoryFields.All.ToDictionary(f => Key(f.Csv), f => f.Name, StringComparer.Ordinal);
        var columns = new string?[header.Count];
        var unknown = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            var key = Key(name);
            if (key.Length == 0)
            {
                continue;
            }
            string? field = key == Key(DirectoryFields.IdColumn) ? DirectoryFields.IdColumn : byKey.GetValueOrDefault(key);
            if (field is null)
            {
                unknown.Add(name);
                continue;
            }
            if (!seen.Add(field))
            {
                throw new DirectoryFileException($"The column “{name}” appears twice in the header. Keep one.");
            }
            columns[i] = field;
        }
        if (unknown.Count > 0)
        {
            throw new DirectoryFileException($"The header names {(unknown.Count == 1 ? "a column" : "columns")} Beacon does not know: {string.Join(", ", unknown.Select(u => "“" + u + "”"))}. The columns are: {string.Join(", ", DirectoryFields.CsvHeader)}.");
        }
        var missing = RequiredColumns
            .Where(f => !seen.Contains(f)).Select(f => DirectoryFields.ByName(f).Csv).ToList();
        if (!seen.Overlaps(["phone", "textNumber", "email", "web"]))
        {
            missing.Add("one of phone, text, email, web");
        }
        if (missing.Count > 0)
        {
            throw new DirectoryFileException($"The header lacks {(missing.Count == 1 ? "a required column" : "required columns")}: {string.Join(", ", missing)}. Export the directory to see every column.");
        }

        var rows = new List<DirectoryCsvRow>();
        while (Next())
        {
            var line = (int)csv.LineNumber;
            var cells = Cells();
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (rows.Count >= MaxRows)
            {
                throw new DirectoryFileException($"The file has more than {MaxRows:N0} entries; a practice's directory holds fewer. Split the file.");
            }
            if (cells.Count != header.Count)
            {
                throw new DirectoryFileException($"Line {line} has {cells.Count} cells but the header has {header.Count}. Check for a missing or extra comma.");
            }
            string? id = null;
            var raw = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < cells.Count; i++)
            {
                if (columns[i] is not { } field)
                {
                    continue;
                }
                if (field == DirectoryFields.IdColumn)
                {
                    id = cells[i];
                }
                else
                {
                    raw[field] = cells[i];
                }
            }
            rows.Add(new DirectoryCsvRow(line, id, raw));
        }
        if (rows.Count == 0)
        {
            throw new DirectoryFileException("The file has a header but no entries.");
        }
        return rows;
    }

    /// <summary>
    /// A cell a spreadsheet would run as a formula is refused. The export's own defence (a leading
    /// apostrophe before = + - @) is taken off again, and a phone number may start with +.
    /// </summary>
    public static string? Unformula(DirectoryField field, string? cell, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(cell))
        {
            return cell;
        }
        if (cell.Length > 1 && cell[0] == '\'' && Array.IndexOf(FormulaStarts, cell[1]) >= 0)
        {
            return cell[1..];
        }
        if (Array.IndexOf(FormulaStarts, cell[0]) >= 0)
        {
            if (field.Kind is FieldKind.Phone or FieldKind.TextNumber && cell[0] == '+' && cell.Skip(1).All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')' or '.'))
            {
                return cell;
            }
            var shown = cell[0] switch { '\t' => "a tab", '\r' => "a line break", var c => "“" + c + "”" };
            problem = $"The value starts with {shown}, so a spreadsheet would run it as a formula. Remove that first character.";
            return null;
        }
        return cell;
    }
}
