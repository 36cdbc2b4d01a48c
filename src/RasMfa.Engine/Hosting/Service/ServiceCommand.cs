using System.Collections.Generic;
using System.Linq;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>One command given to the service manager (systemctl, useradd, chown, sc.exe, icacls): a program and its arguments, never a shell line.</summary>
    public sealed class ServiceCommand
    {
        public ServiceCommand(string program, params string[] arguments)
        {
            Program = program;
            Arguments = arguments;
        }

        public string Program { get; }

        public IReadOnlyList<string> Arguments { get; }

        /// <summary>As an admin would type it (for -WhatIf, -Verbose and errors); arguments with spaces or quotes quoted.</summary>
        public override string ToString() => string.Join(" ", new[] { Program }.Concat(Arguments).Select(Shown));

        private static string Shown(string argument) =>
            argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./=:,@%+\\$".IndexOf(c) >= 0) ? argument : "'" + argument.Replace("'", "''") + "'";
    }
}
