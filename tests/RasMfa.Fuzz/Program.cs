using System;
using System.IO;
using System.Linq;
using SharpFuzz;

namespace RasMfa.Fuzz
{
    /// <summary>
    /// RasMfa.Fuzz packet|request            run a target under afl-fuzz (SharpFuzz's fork server; once on stdin otherwise)
    /// RasMfa.Fuzz replay packet|request PATH...  run a target on files or folders of inputs and say which fail, and how
    /// RasMfa.Fuzz seeds FOLDER              write the seed corpus (FOLDER/packet, FOLDER/request)
    /// </summary>
    public static class Program
    {
        private const long ExecutionsPerWorld = 20000;

        public static int Main(string[] args)
        {
            switch (args.FirstOrDefault())
            {
                case "packet":
                    Fuzzer.Run(stream => { PacketDecoderTarget.Run(ReadAll(stream)); });
                    return 0;
                case "request":
                {
                    // Made inside the first execution: instrumented engine code may run only once SharpFuzz has mapped
                    // the coverage memory, which Fuzzer.Run does before its first call. Made anew now and then, so that the
                    // store (an audit record per execution) stays small however long the run.
                    FuzzWorld? world = null;
                    RequestPathTarget? target = null;
                    long executions = 0;
                    try
                    {
                        Fuzzer.Run(stream =>
                        {
                            if (executions++ % ExecutionsPerWorld == 0)
                            {
                                world?.Dispose();
                                target = new RequestPathTarget(world = new FuzzWorld());
                            }
                            target!.Run(ReadAll(stream));
                        });
                    }
                    finally
                    {
                        world?.Dispose();
                    }
                    return 0;
                }
                case "replay" when args.Length >= 3:
                    return Replay(args[1], args.Skip(2).ToArray());
                case "seeds" when args.Length == 2:
                    SeedCorpus.Write(args[1]);
                    return 0;
                default:
                    Console.Error.WriteLine("usage: RasMfa.Fuzz packet|request | replay packet|request PATH... | seeds FOLDER");
                    return 2;
            }
        }

        private static unsafe int Replay(string targetName, string[] paths)
        {
            // The published engine is instrumented: its coverage counters need memory to write to, even outside afl-fuzz.
            SharpFuzz.Common.Trace.SharedMem = (byte*)System.Runtime.InteropServices.Marshal.AllocHGlobal(1 << 16);
            var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p).Where(f => !Path.GetFileName(f).StartsWith("README", StringComparison.Ordinal)) : new[] { p })
                .OrderBy(f => f, StringComparer.Ordinal).ToList();
            using var world = targetName == "request" ? new FuzzWorld() : null;
            var request = world == null ? null : new RequestPathTarget(world);
            int failed = 0;
            foreach (var file in files)
            {
                var input = File.ReadAllBytes(file);
                try
                {
                    string outcome = request != null ? request.Run(input) : PacketDecoderTarget.Run(input);
                    Console.WriteLine($"ok   {Path.GetFileName(file)}: {outcome}");
                }
                catch (Exception e)
                {
                    failed++;
                    string hex = Convert.ToHexString(input, 0, Math.Min(input.Length, 64));
                    Console.WriteLine($"FAIL {file} ({input.Length} octets: {hex}{(input.Length > 64 ? "..." : "")})");
                    Console.WriteLine(e);
                }
            }
            Console.WriteLine($"replayed {files.Count} inputs on the {targetName} target; {failed} failing");
            return failed == 0 ? 0 : 1;
        }

        private static byte[] ReadAll(Stream stream)
        {
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }
    }
}
