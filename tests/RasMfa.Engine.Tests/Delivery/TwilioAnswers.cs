namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>Answers in the shape Twilio's 2010-04-01 API gives (fields as its documentation's examples show them).</summary>
    internal static class TwilioAnswers
    {
        public static string Message(string accountSid, string sid, string to) =>
            "{\"account_sid\":\"" + accountSid + "\",\"api_version\":\"2010-04-01\",\"body\":\"Sent from your Twilio trial account\"," +
            "\"date_created\":\"Thu, 24 Aug 2023 05:01:45 +0000\",\"date_sent\":null,\"date_updated\":\"Thu, 24 Aug 2023 05:01:45 +0000\"," +
            "\"direction\":\"outbound-api\",\"error_code\":null,\"error_message\":null,\"from\":\"+15550100999\",\"messaging_service_sid\":null," +
            "\"num_media\":\"0\",\"num_segments\":\"1\",\"price\":null,\"price_unit\":\"USD\",\"sid\":\"" + sid + "\",\"status\":\"queued\"," +
            "\"subresource_uris\":{\"media\":\"/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + "/Media.json\"}," +
            "\"to\":\"" + to + "\",\"uri\":\"/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json\"}";

        public static string Call(string accountSid, string sid, string to) =>
            "{\"account_sid\":\"" + accountSid + "\",\"annotation\":null,\"answered_by\":null,\"api_version\":\"2010-04-01\",\"caller_name\":null," +
            "\"date_created\":\"Tue, 31 Aug 2010 20:36:28 +0000\",\"date_updated\":\"Tue, 31 Aug 2010 20:36:44 +0000\",\"direction\":\"outbound-api\"," +
            "\"duration\":null,\"end_time\":null,\"forwarded_from\":null,\"from\":\"+15550100999\",\"from_formatted\":\"(555) 010-0999\"," +
            "\"group_sid\":null,\"parent_call_sid\":null,\"phone_number_sid\":null,\"price\":null,\"price_unit\":\"USD\",\"sid\":\"" + sid + "\"," +
            "\"start_time\":null,\"status\":\"queued\",\"subresource_uris\":{},\"to\":\"" + to + "\",\"to_formatted\":\"" + to + "\",\"trunk_sid\":null," +
            "\"uri\":\"/2010-04-01/Accounts/" + accountSid + "/Calls/" + sid + ".json\",\"queue_time\":\"0\"}";

        public static string Error(int code, string message) =>
            "{\"code\":" + code + ",\"message\":\"" + message + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":400}";
    }
}
