using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace RasMfa.Engine.Tokens
{
    /// <summary>A small RFC 4180 reader: quoted fields, doubled quotes, commas and line breaks inside quotes. Rows keep their line numbers.</summary>
    public static class CsvTable
    {
        public static IEnumerable<(int Line, Dictionary<string, string> Fields)> Read(TextReader reader)
        {
            string[]? header = null;
            int line = 1;
            while (true)
            {
                int startLine = line;
                var fields = ReadRecord(reader, ref line);
                if (fields == null) yield break;
                if (fields.Count == 1 && fields[0].Length == 0) continue;
                if (header == null)
                {
                    header = fields.ConvertAll(f => f.Trim()).ToArray();
                    continue;
                }
                var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                for (int i = 0; i < header.Length; i++) row[header[i]] = i < fields.Count ? fields[i] : "";
                yield return (startLine, row);
            }
        }

        private static List<string>? ReadRecord(TextReader reader, ref int line)
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            bool quoted = false, any = false;
            while (true)
            {
                int next = reader.Read();
                if (next < 0)
                {
                    if (!any) return null;
                    fields.Add(field.ToString());
                    return fields;
                }
                any = true;
                char c = (char)next;
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                        else quoted = false;
                    }
                    else
                    {
                        if (c == '\n') line++;
                        field.Append(c);
                    }
                    continue;
                }
                switch (c)
                {
                    case '"': quoted = true; break;
                    case ',': fields.Add(field.ToString()); field.Clear(); break;
                    case '\r': break;
                    case '\n':
                        line++;
                        fields.Add(field.ToString());
                        return fields;
                    default: field.Append(c); break;
                }
            }
        }
    }
}
