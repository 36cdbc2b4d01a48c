using System;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>
    /// The bounds that keep a slow or hostile client of the control channel from holding the listener: a request is one
    /// short line that must arrive within a few seconds, an answer that is not read in time ends the connection, and only
    /// a few connections are served at once.
    /// </summary>
    internal static class ControlLimits
    {
        /// <summary>A request line, in octets without its newline: requests are a few dozen.</summary>
        public const int MaxRequestLineBytes = 1024;

        /// <summary>An answer line as a client reads it: a status is a few KiB, a log line a few hundred octets.</summary>
        public const int MaxAnswerLineBytes = 1024 * 1024;

        /// <summary>Connections served at once (log followers included); one more is told Busy and closed.</summary>
        public const int MaxConnections = 8;

        /// <summary>From the connection to the end of the request line.</summary>
        public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

        /// <summary>One answer line written: a client that stops reading is dropped after this.</summary>
        public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

        /// <summary>A client's wait for a listener to take its connection and answer a status.</summary>
        public static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(5);

        /// <summary>How often a log follower looks for new lines.</summary>
        public static readonly TimeSpan FollowPollInterval = TimeSpan.FromMilliseconds(250);
    }
}
