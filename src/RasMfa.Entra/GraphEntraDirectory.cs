using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using RasMfa.Engine.Entra;

namespace RasMfa.Entra
{
    /// <summary>The Graph reads an import and a tenant test make, each failure as an EntraGraphException with Graph's words.</summary>
    internal sealed partial class GraphEntraDirectory : IEntraGraph, IEntraDeltaGraph
    {
        // Only what an import uses (and what a sync to come will match users by).
        internal static readonly string[] UserProperties =
        {
            "id", "userPrincipalName", "displayName", "mail", "mobilePhone", "accountEnabled",
            "onPremisesSamAccountName", "onPremisesUserPrincipalName", "onPremisesSecurityIdentifier", "onPremisesDomainName",
        };

        private readonly GraphServiceClient _client;
        private readonly HttpClient _httpClient;
        private readonly TokenCredential _credential;
        private readonly string _scope;

        public GraphEntraDirectory(GraphServiceClient client, HttpClient httpClient, TokenCredential credential, string scope)
        {
            _client = client;
            _httpClient = httpClient;
            _credential = credential;
            _scope = scope;
        }

        public IReadOnlyList<string> GrantedRoles() => Call(async () =>
        {
            var token = await _credential.GetTokenAsync(new TokenRequestContext(new[] { _scope }), CancellationToken.None).ConfigureAwait(false);
            return AccessTokenClaims.Roles(token.Token);
        });

        public string ReadOrganizationId() => Call(async () =>
        {
            var organizations = await _client.Organization.GetAsync(r => r.QueryParameters.Select = new[] { "id" }).ConfigureAwait(false);
            return organizations?.Value?.FirstOrDefault()?.Id ?? throw new EntraGraphException("Graph answered with no organization.");
        });

        public string FindGroup(string nameOrId) => Call(async () =>
        {
            if (Guid.TryParse(nameOrId, out var id))
            {
                var group = await _client.Groups[id.ToString()].GetAsync(r => r.QueryParameters.Select = new[] { "id" }).ConfigureAwait(false);
                return group?.Id ?? throw new EntraGraphException($"No group has the id {nameOrId}.", 404);
            }
            var found = await _client.Groups.GetAsync(r =>
            {
                r.QueryParameters.Filter = $"displayName eq '{nameOrId.Replace("'", "''")}'";
                r.QueryParameters.Select = new[] { "id", "displayName" };
                r.QueryParameters.Top = 2;
            }).ConfigureAwait(false);
            var groups = found?.Value ?? new List<Group>();
            if (groups.Count == 0) throw new EntraGraphException($"No group is named '{nameOrId}'.", 404);
            if (groups.Count > 1) throw new EntraGraphException($"Several groups are named '{nameOrId}'; give the group's id instead.");
            return groups[0].Id!;
        });

        public IReadOnlyList<EntraUser> TransitiveUsers(string groupId) => Call(async () =>
        {
            var users = new List<EntraUser>();
            var page = await _client.Groups[groupId].TransitiveMembers.GetAsync(r =>
            {
                r.QueryParameters.Select = UserProperties;
                r.QueryParameters.Top = 999;
            }).ConfigureAwait(false);
            while (page != null)
            {
                // Nested groups, devices and contacts are members too; only users are imported.
                foreach (var member in page.Value ?? new List<DirectoryObject>())
                    if (member is User user && user.Id != null) users.Add(ToEntraUser(user));
                if (page.OdataNextLink == null) break;
                // The SDK's token provider checks the host only: the link must be on Graph's own scheme, host and port.
                page = await _client.Groups[groupId].TransitiveMembers.WithUrl(OnGraph(page.OdataNextLink).AbsoluteUri).GetAsync().ConfigureAwait(false);
            }
            return (IReadOnlyList<EntraUser>)users;
        });

        public string? MobilePhoneMethod(string userId) => Call(async () =>
        {
            var methods = await _client.Users[userId].Authentication.PhoneMethods.GetAsync().ConfigureAwait(false);
            return methods?.Value?.FirstOrDefault(m => m.PhoneType == AuthenticationPhoneType.Mobile)?.PhoneNumber;
        });

        public Task SendMailAsync(string mailbox, EntraMail mail, CancellationToken cancellationToken) =>
            GraphMailSender.SendAsync(_client, mailbox, mail, cancellationToken);

        public void Dispose() => _httpClient.Dispose();

        private static EntraUser ToEntraUser(User user) => new EntraUser
        {
            Id = user.Id!,
            UserPrincipalName = user.UserPrincipalName,
            DisplayName = user.DisplayName,
            Mail = user.Mail,
            MobilePhone = user.MobilePhone,
            AccountEnabled = user.AccountEnabled,
            OnPremisesSamAccountName = user.OnPremisesSamAccountName,
            OnPremisesUserPrincipalName = user.OnPremisesUserPrincipalName,
            OnPremisesSecurityIdentifier = user.OnPremisesSecurityIdentifier,
            OnPremisesDomainName = user.OnPremisesDomainName,
        };

        // Cmdlets are synchronous; the work runs on the thread pool so that no caller's synchronisation context can deadlock it.
        internal static T Call<T>(Func<Task<T>> call)
        {
            try
            {
                return Task.Run(call).GetAwaiter().GetResult();
            }
            catch (ODataError e)
            {
                throw new EntraGraphException($"Graph answered {e.ResponseStatusCode}: {e.Error?.Code} {e.Error?.Message}".TrimEnd(), e.ResponseStatusCode, e);
            }
            catch (AggregateException e) when (e.InnerExceptions.LastOrDefault() is ApiException last)
            {
                // Graph's retry handler, out of retries (429, 503, 504 each time), throws every answer it had together.
                throw new EntraGraphException($"Graph answered {last.ResponseStatusCode} {e.InnerExceptions.Count} times, each try: {FirstLine(last.Message)}", last.ResponseStatusCode, e);
            }
            catch (ApiException e)
            {
                throw new EntraGraphException($"Graph answered {e.ResponseStatusCode}: {e.Message}", e.ResponseStatusCode, e);
            }
            catch (AuthenticationFailedException e)
            {
                throw new EntraGraphException($"No token: {FirstLine(e.Message + "\n" + e.InnerException?.Message)}", null, e);
            }
            catch (HttpRequestException e)
            {
                throw new EntraGraphException($"Graph or the sign-in service could not be reached: {e.Message}", null, e);
            }
            catch (Azure.RequestFailedException e)
            {
                throw new EntraGraphException($"The sign-in service answered {e.Status}: {FirstLine(e.Message)}", e.Status, e);
            }
            catch (ArgumentException e)
            {
                // Azure.Identity checks the tenant id (and the like) when it is used: the admin's setting, not a program error.
                throw new EntraGraphException($"The tenant's settings were refused: {FirstLine(e.Message)}", null, e);
            }
        }

        // The sign-in service's reason (AADSTS...) is on a later line than Azure.Identity's own; the troubleshooting link is left off.
        private static string FirstLine(string text)
        {
            var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("See the troubleshooting", StringComparison.Ordinal));
            var joined = string.Join(" ", lines);
            return joined.Length > 600 ? joined.Substring(0, 600) : joined;
        }
    }
}
