using System;
using System.IO;

namespace RasMfa.EntraStub
{
    /// <summary>
    /// The stub as a process, for the Pester tests: writes the test CA to the file given and prints its base address on
    /// one line, then serves until its standard input closes. A second argument names a folder where each mail sendMail
    /// takes is written as JSON.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            var scenario = new GraphScenario();
            if (args.Length > 1) scenario.Mailboxes.Folder = args[1];
            using var server = new LoopbackHttpsServer(scenario.Handle);
            File.WriteAllBytes(args[0], server.Ca.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Cert));
            Console.WriteLine(server.BaseAddress);
            Console.Out.Flush();
            Console.In.ReadToEnd();
            return 0;
        }
    }
}
