// Generated from the gateway's /openapi.json by packages/api-client/scripts/generate.ts.
// Do not edit: change the gateway's route schemas, then run `npm run generate:api-client`.

export interface paths {
    "/api/deployments/{requestId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One deployment request, its current state and every status the platform reported
         * @description For the platform (bearer PLATFORM_API_TOKEN), or a signed-in user who can see the repository on GitHub. Statuses newest first.
         */
        get: operations["getDeployment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deployments/{requestId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-send the callback of one deployment request
         * @description For a request sent before (delivered or failed): sets it back to pending and queues its callback (original webhook-id). Idempotent: a request already back to pending is not queued twice. A request never sent (superseded, cancelled, blocked, or still on its way) answers 409. A user needs admin rights on the repository on GitHub now (asked then: 503 when GitHub cannot be asked), with the CSRF token; the platform may replay any request.
         */
        post: operations["replayDeploymentRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deployments/{requestId}/statuses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The platform reports the status of a deployment request
         * @description Idempotent: the same status (state and fields) twice is stored once; the repeat answers 200 with it and `repeated: true`. Ordered: queued < in_progress < success | failure | error < inactive; a status ranked below the request's current state is kept as history (`applied: false`) without changing it; a later outcome replaces an earlier one. 409 for a request that was never sent (superseded, cancelled, blocked, waiting for checks). In GitHub App mode the worker then shows it on GitHub as a deployment status; in OAuth App mode it is not mirrored.
         */
        post: operations["reportDeploymentStatus"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * GitHub events received, newest first
         * @description Filter by repository, event, status and a time range (since, until); page with cursor. A user sees the repositories they administer on GitHub now (asked with their token, remembered for EVENTS_ACCESS_TTL_MS; 503 when GitHub cannot be asked); the platform sees all.
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/{deliveryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One event: its payload, the deployment requests derived from it, every callback attempt and what the platform reported */
        get: operations["getEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/{deliveryId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-run the rules and re-send the callbacks of one event
         * @description Idempotent per request: nothing is derived twice, and a re-sent callback keeps its webhook-id. Requests already on their way are left as they are. A user needs admin rights on the repository on GitHub at the time of the replay (asked then: 503 and nothing replayed when GitHub cannot be asked).
         */
        post: operations["replayEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Deliveries the worker gave up storing, newest failure first
         * @description A delivery that failed to be stored for EVENTS_RETRY_BUDGET_MS (or could never be stored) is kept here with why, until it is replayed. Page with cursor. A user sees those of repositories whose events they may see; the platform sees all.
         */
        get: operations["listDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/dead-letters/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One dead letter, with the raw payload as it was queued */
        get: operations["getDeadLetter"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/dead-letters/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Put a dead letter's delivery back on the events queue
         * @description Under its original delivery id: the worker stores it like any delivery, once (replaying twice stores one event). The dead letter is marked replayedAt; if the delivery fails again, the same dead letter says so.
         */
        post: operations["replayDeadLetter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live stream (text/event-stream) of new events, callback status changes and the platform's deployment statuses
         * @description Each message's `id` orders it. Reconnecting with `Last-Event-ID` (EventSource sends it on its own) or `?lastEventId=` (the header wins when both are sent) first sends what came after that id, then goes on live, nothing lost or repeated; when the stream no longer reaches back that far (it keeps about the last 10,000 messages) it sends `event: stream.reset` instead: re-read GET /api/events. At most EVENTS_STREAM_MAX_PER_USER open streams per user (429 beyond). The stream ends with `event: stream.end` and its reason when the session ends or the user's access changes.
         */
        get: operations["streamEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{repo}/access-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A token to fetch the repository's code (GitHub App mode)
         * @description For the platform (bearer PLATFORM_API_TOKEN): an installation token of the GitHub App that covers only this repository, with contents: read, valid about an hour. Clone with https://x-access-token:<token>@github.com/owner/repo.git or download GET /repos/{owner}/{repo}/tarball/{sha}. 404 when no installation covers the repository, 409 in OAuth App mode, 503 with Retry-After when GitHub is unreachable or rate-limited, 502 when GitHub refuses the App's own credentials.
         */
        post: operations["createAccessToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{repo}/commits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Commits of a repository
         * @description One page of commits from a sha or branch (default branch when absent). Repeated reads revalidate with GitHub by ETag, which costs no rate limit; send If-None-Match with our ETag to get 304.
         */
        get: operations["listCommits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{repo}/deploy-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A repository's deploy rules
         * @description The rules in force, with every default applied, and which version they are (0 and defaults: true when none were ever stored). For an admin of the repository on GitHub, or the platform (bearer PLATFORM_API_TOKEN) for a repository known here.
         */
        get: operations["getDeployRules"];
        /**
         * Change a repository's deploy rules
         * @description Replaces the rules as a whole (absent fields take their defaults) and stores them as a new version; earlier versions are kept (GET …/deploy-rules/history). Unknown fields, values out of range and malformed globs are 400 validation_failed naming the field, and nothing is stored. For an admin of the repository on GitHub (with the CSRF token), or the platform (bearer PLATFORM_API_TOKEN) for a repository known here. Requests waiting for checks are decided again under the new rules: still gated, held; no longer gated, sent; no longer asked for, cancelled.
         */
        put: operations["replaceDeployRules"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{repo}/deploy-rules/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Earlier versions of a repository's deploy rules
         * @description Every stored version, newest first: who changed the rules, when, and to what (defaults applied). The same access as GET …/deploy-rules.
         */
        get: operations["listDeployRulesHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{repo}/environments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A repository's environments: last requested, last deployed, URL and current state
         * @description Every environment the repository's deployment requests named. For a signed-in user who can see the repository on GitHub, or the platform (bearer PLATFORM_API_TOKEN) for a repository known here.
         */
        get: operations["listEnvironments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{repo}/replay-failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-send the failed deployment requests of a repository since a time
         * @description Sets the requests of the repository that failed at or after `since` back to pending and queues their callbacks (original webhook-id each), oldest failure first, at most `limit` (default 100, at most 500); `more` says whether others remain. Idempotent: a request already queued again and not failed since is not queued twice. A user needs admin rights on the repository on GitHub now (asked then: 503 when GitHub cannot be asked), with the CSRF token; the platform may replay any repository known here.
         */
        post: operations["replayFailedRequests"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{repo}/setup-webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Connect a repository (set up our webhook)
         * @description Idempotent. Creates our hook (WEBHOOK_URL, JSON, a fresh random secret, the events we route: push, pull_request, create, delete, release, check_suite, check_run) or adopts and repairs an existing one; stores it with the secret encrypted and hands the secret to the ingest. 201 when created, 200 otherwise. Needs admin on the repository. GitHub App mode: the App's own webhook serves every repository it is installed on, so nothing is set up: 200 {mode: "app", installationId} when the App covers the repository, 409 with installUrl (the App's install page, the repository pre-selected) when it does not.
         */
        post: operations["setupWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{repo}/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The state of our webhook on a repository
         * @description Whether it exists and is verified, how it differs from our configuration, and its last deliveries as GitHub reports them.
         */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /**
         * Disconnect a repository (delete our webhook)
         * @description Deletes our hook on GitHub (already gone is fine) and here; the ingest stops accepting its deliveries.
         */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{repo}/webhook/ping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask GitHub to ping our webhook
         * @description GitHub sends a `ping` delivery to WEBHOOK_URL; when it arrives the hook is marked verified.
         */
        post: operations["pingWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{repo}/webhook/redeliver-failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Redeliver the deliveries that failed
         * @description GitHub's recipe: reads the hook's recent deliveries and asks GitHub to redeliver every event none of whose attempts succeeded (for example while the ingest was down). The body is optional. GitHub App mode: the App webhook's deliveries about this repository, asked with the App's credentials (no user token needed: the platform may call it with its bearer token).
         */
        post: operations["redeliverFailedDeliveries"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/repos/{owner}/{repo}/webhook/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Give our webhook a new secret
         * @description The new secret is active at once; deliveries signed with the old one are still accepted for SECRET_ROTATION_GRACE_S seconds. The secret itself is never returned. The new secret is recorded (and accepted) before GitHub is asked to use it: when GitHub does not confirm (502 rotation_pending) both secrets stay accepted, and calling this again finishes the rotation.
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receive a GitHub webhook delivery
         * @description Where GitHub delivers (WEBHOOK_URL; `/webhooks/github` is the same route). Served by the ingest: the signature is checked over the body exactly as received, with the secret of the hook named by `X-GitHub-Hook-ID` (set up by `setup-webhook`), or GITHUB_APP_WEBHOOK_SECRET for a GitHub App, or WEBHOOK_SECRET for the repositories WEBHOOK_SECRET_REPOSITORY_IDS lists. A verified delivery is made durable in Redis before the answer; the worker stores it and tells the deployment platform. The same delivery again (same hook and GUID, or same hook and body) is answered 202 and not stored twice.
         */
        post: operations["receiveWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Finish GitHub sign-in
         * @description Where GitHub sends the browser back. Checks the one-time state against this browser's session, exchanges the code (with the PKCE verifier), creates or refreshes the platform account, keeps the token only in the encrypted session cookie and redirects to FRONTEND_URL (or the `redirect` given to /auth/login). A denied consent redirects to FRONTEND_URL with `login_error=access_denied`; an error whose state is not the sign-in this browser started is a 400 that leaves the session alone.
         */
        get: operations["loginCallback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start GitHub sign-in
         * @description Redirects to GitHub's authorize page with a one-time state and a PKCE S256 challenge. Scopes: read:user, user:email, repo, admin:repo_hook.
         */
        get: operations["login"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out
         * @description Ends the session everywhere: the cookie is cleared, a copy of it is refused from now on, and GitHub is asked to revoke the session's token (when GitHub cannot be reached, the session still ends). 503 when the sign-out cannot be recorded (Redis unreachable): still signed in, try again.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who is signed in
         * @description The signed-in user and the CSRF token to send with state-changing requests; 401 when signed out.
         */
        get: operations["getSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness
         * @description Answers 200 while the process runs.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Text exposition format.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness
         * @description 200 when Postgres and Redis answer, else 503 naming the one that is down.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/user/profile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The GitHub profile and the platform account
         * @description Reads the profile from GitHub with the session's token and refreshes the platform account mapped to it.
         */
        get: operations["getProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/user/repos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user's repositories, with their connection state
         * @description One page of the repositories the user can see on GitHub, each with the user's permissions and whether our webhook is set up and verified on it. GitHub App mode: the repositories of the App's installations the user can see (what GitHub lists for the App's user token), connected when an installation covers them (installationId).
         */
        get: operations["listUserRepos"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "deployment.requested": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * deployment.requested (sent to the deployment platform)
         * @description Deploy this commit to this environment. Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); see the platform contract.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        data: {
                            commit: {
                                author: {
                                    login: string | null;
                                    name: string | null;
                                };
                                message: string | null;
                                sha: string;
                                timestamp: string | null;
                                url: string | null;
                            } | null;
                            compareUrl: string | null;
                            /** @description production, pr-<number>, or branch-<slug> */
                            environment: string;
                            event: {
                                action: string | null;
                                deliveryId: string;
                                name: string;
                                /** Format: date-time */
                                receivedAt: string;
                                sender: string | null;
                            };
                            installationId: number | null;
                            kind: "production" | "preview" | "teardown";
                            pullRequest: {
                                baseRef: string | null;
                                fromFork: boolean;
                                headRef: string | null;
                                headRepository: string | null;
                                number: number;
                                title: string | null;
                            } | null;
                            pullRequestNumber: number | null;
                            reason: string | null;
                            /** @description A full git ref: refs/heads/…, refs/tags/…, refs/pull/<n>/head */
                            ref: string;
                            repository: {
                                cloneUrl: string | null;
                                defaultBranch: string;
                                fullName: string;
                                htmlUrl: string | null;
                                /** @description GitHub repository id */
                                id: number;
                                private: boolean;
                            };
                            /** @constant */
                            schemaVersion: 2;
                            sequence: number | null;
                            sha: string | null;
                            /** @description Ids of earlier requests for this environment this one replaced; they will never be sent */
                            supersedes: string[];
                        };
                        /** @description Equals the webhook-id header: the same for every retry and replay */
                        id: string;
                        /**
                         * Format: date-time
                         * @description When the message was created
                         */
                        timestamp: string;
                        /** @constant */
                        type: "deployment.requested";
                    };
                };
            };
            responses: {
                /** @description Any 2xx: delivered. 408, 429, 5xx or no answer: retried (Retry-After honoured). Any other answer: failed for good. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "deployment.teardown": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * deployment.teardown (sent to the deployment platform)
         * @description Tear this environment down. Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); see the platform contract.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        data: {
                            commit: {
                                author: {
                                    login: string | null;
                                    name: string | null;
                                };
                                message: string | null;
                                sha: string;
                                timestamp: string | null;
                                url: string | null;
                            } | null;
                            compareUrl: string | null;
                            /** @description production, pr-<number>, or branch-<slug> */
                            environment: string;
                            event: {
                                action: string | null;
                                deliveryId: string;
                                name: string;
                                /** Format: date-time */
                                receivedAt: string;
                                sender: string | null;
                            };
                            installationId: number | null;
                            kind: "production" | "preview" | "teardown";
                            pullRequest: {
                                baseRef: string | null;
                                fromFork: boolean;
                                headRef: string | null;
                                headRepository: string | null;
                                number: number;
                                title: string | null;
                            } | null;
                            pullRequestNumber: number | null;
                            reason: string | null;
                            /** @description A full git ref: refs/heads/…, refs/tags/…, refs/pull/<n>/head */
                            ref: string;
                            repository: {
                                cloneUrl: string | null;
                                defaultBranch: string;
                                fullName: string;
                                htmlUrl: string | null;
                                /** @description GitHub repository id */
                                id: number;
                                private: boolean;
                            };
                            /** @constant */
                            schemaVersion: 2;
                            sequence: number | null;
                            sha: string | null;
                            /** @description Ids of earlier requests for this environment this one replaced; they will never be sent */
                            supersedes: string[];
                        };
                        /** @description Equals the webhook-id header: the same for every retry and replay */
                        id: string;
                        /**
                         * Format: date-time
                         * @description When the message was created
                         */
                        timestamp: string;
                        /** @constant */
                        type: "deployment.teardown";
                    };
                };
            };
            responses: {
                /** @description Any 2xx: delivered. 408, 429, 5xx or no answer: retried (Retry-After honoured). Any other answer: failed for good. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "user.provisioned": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * user.provisioned (sent to the deployment platform)
         * @description A person signed in for the first time. Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); see the platform contract.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        data: {
                            githubId: number;
                            login: string;
                            userId: string;
                        };
                        /** @description Equals the webhook-id header: the same for every retry and replay */
                        id: string;
                        /**
                         * Format: date-time
                         * @description When the message was created
                         */
                        timestamp: string;
                        /** @constant */
                        type: "user.provisioned";
                    };
                };
            };
            responses: {
                /** @description Any 2xx: delivered. 408, 429, 5xx or no answer: retried (Retry-After honoured). Any other answer: failed for good. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getDeployment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The deployment request's id: the callback's webhook-id (body `id`) */
                requestId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts: number;
                        /** Format: date-time */
                        createdAt: string;
                        deliveredAt: string | null;
                        deliveryId: string | null;
                        environment: string;
                        environmentUrl: string | null;
                        /** @description Also the callback's webhook-id */
                        id: string;
                        /** @description production, preview or teardown */
                        kind: string;
                        lastError: string | null;
                        platformState: string | null;
                        platformStateAt: string | null;
                        pullRequest: number | null;
                        reason: string | null;
                        ref: string;
                        repository: {
                            fullName: string;
                            /** @description GitHub repository id */
                            id: number;
                        };
                        sequence: number | null;
                        sha: string | null;
                        /** @description pending, delivering, delivered, failed; waiting_checks (held by the CI gate), blocked (checks failed or timed out: never sent); superseded (a newer request for the environment went instead: supersededBy), cancelled (not sent, and never will be: lastError says why) */
                        status: string;
                        /** @description Every status the platform reported, newest first */
                        statuses: {
                            /** @description Whether it became the request's current state when it arrived (false: it ranked below, kept as history) */
                            applied: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            description: string | null;
                            environmentUrl: string | null;
                            /** Format: uuid */
                            id: string;
                            logUrl: string | null;
                            /** @description GitHub App mode: it is shown on GitHub as a deployment status */
                            mirroredToGitHub: boolean;
                            /** @description queued, in_progress, success, failure, error or inactive */
                            state: string;
                        }[];
                        supersededBy: string | null;
                        /** @description deployment.requested or deployment.teardown */
                        type: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    replayDeploymentRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The deployment request's id: the callback's webhook-id (body `id`) */
                requestId: string;
            };
            cookie?: never;
        };
        /** @description None: the route takes no body */
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description The request replayed: its callback keeps this webhook-id
                         */
                        requestId: string;
                        /**
                         * @description Back to pending: the worker sends its callback again
                         * @enum {string}
                         */
                        status: "pending";
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    reportDeploymentStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The deployment request's id: the callback's webhook-id (body `id`) */
                requestId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A short note, at most 140 characters (GitHub's limit); null: none */
                    description?: string | null;
                    /**
                     * Format: uri
                     * @description Where the deployed environment can be reached (http or https); becomes the request's environmentUrl; null: none
                     */
                    environmentUrl?: string | null;
                    /**
                     * Format: uri
                     * @description Where the deployment's log can be read (http or https); null: none
                     */
                    logUrl?: string | null;
                    /**
                     * @description queued < in_progress < success | failure | error < inactive: a state ranked below the request's current one is kept as history only
                     * @enum {unknown}
                     */
                    state: "queued" | "in_progress" | "success" | "failure" | "error" | "inactive";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description queued: GitHub will show it (GitHub App mode); done: it already does; off: the request came in OAuth App mode, nothing is mirrored */
                        githubMirror: "queued" | "done" | "off";
                        /** @description true: this exact status was already recorded; nothing changed (200) */
                        repeated: boolean;
                        request: {
                            environmentUrl: string | null;
                            /** Format: uuid */
                            id: string;
                            platformState: string | null;
                            platformStateAt: string | null;
                        };
                        status: {
                            /** @description Whether it became the request's current state when it arrived (false: it ranked below, kept as history) */
                            applied: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            description: string | null;
                            environmentUrl: string | null;
                            /** Format: uuid */
                            id: string;
                            logUrl: string | null;
                            /** @description GitHub App mode: it is shown on GitHub as a deployment status */
                            mirroredToGitHub: boolean;
                            /** @description queued, in_progress, success, failure, error or inactive */
                            state: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description queued: GitHub will show it (GitHub App mode); done: it already does; off: the request came in OAuth App mode, nothing is mirrored */
                        githubMirror: "queued" | "done" | "off";
                        /** @description true: this exact status was already recorded; nothing changed (200) */
                        repeated: boolean;
                        request: {
                            environmentUrl: string | null;
                            /** Format: uuid */
                            id: string;
                            platformState: string | null;
                            platformStateAt: string | null;
                        };
                        status: {
                            /** @description Whether it became the request's current state when it arrived (false: it ranked below, kept as history) */
                            applied: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            description: string | null;
                            environmentUrl: string | null;
                            /** Format: uuid */
                            id: string;
                            logUrl: string | null;
                            /** @description GitHub App mode: it is shown on GitHub as a deployment status */
                            mirroredToGitHub: boolean;
                            /** @description queued, in_progress, success, failure, error or inactive */
                            state: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query: {
                /** @description nextCursor of the previous page */
                cursor?: string;
                /** @description Only events whose deploy-rules decision starts with this, e.g. "skipped", "skipped: paths", "production" */
                decision?: string;
                /** @description Only this GitHub event, e.g. push, pull_request */
                event?: string;
                limit: number;
                /** @description Only this repository (owner/name) */
                repo?: string;
                /** @description Only events received at or after this time (ISO 8601) */
                since?: string;
                /** @description stored: nothing to send; pending: a callback is on its way; delivered: the platform has every callback; failed: a callback gave up */
                status?: "stored" | "pending" | "delivered" | "failed";
                /** @description Only events received before this time (ISO 8601); later than since */
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        events: {
                            action: string | null;
                            decision: string | null;
                            deliveryId: string;
                            event: string;
                            hookId: number;
                            installationId: number | null;
                            processedAt: string | null;
                            /** Format: date-time */
                            receivedAt: string;
                            repository: {
                                fullName: string;
                                /** @description GitHub repository id */
                                id: number;
                            } | null;
                            requests: {
                                attempts: number;
                                /** Format: date-time */
                                createdAt: string;
                                deliveredAt: string | null;
                                environment: string;
                                environmentUrl: string | null;
                                /** @description Also the callback's webhook-id */
                                id: string;
                                /** @description production, preview or teardown */
                                kind: string;
                                lastError: string | null;
                                platformState: string | null;
                                platformStateAt: string | null;
                                pullRequest: number | null;
                                reason: string | null;
                                ref: string;
                                sequence: number | null;
                                sha: string | null;
                                /** @description pending, delivering, delivered, failed; waiting_checks (held by the CI gate), blocked (checks failed or timed out: never sent); superseded (a newer request for the environment went instead: supersededBy), cancelled (not sent, and never will be: lastError says why) */
                                status: string;
                                supersededBy: string | null;
                                /** @description deployment.requested or deployment.teardown */
                                type: string;
                            }[];
                            sender: string | null;
                            /** @description github: GitHub sent it; reconciled: the scheduled reconciliation recovered it (asked GitHub to redeliver it, or derived a push whose delivery never came) */
                            source: "github" | "reconciled";
                            status: "stored" | "pending" | "delivered" | "failed";
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    getEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description GitHub's X-GitHub-Delivery GUID */
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        action: string | null;
                        decision: string | null;
                        deliveryId: string;
                        event: string;
                        hookId: number;
                        installationId: number | null;
                        /** @description The JSON GitHub sent */
                        payload: {
                            [key: string]: unknown;
                        };
                        processedAt: string | null;
                        /** Format: date-time */
                        receivedAt: string;
                        repository: {
                            fullName: string;
                            /** @description GitHub repository id */
                            id: number;
                        } | null;
                        requests: {
                            attempts: number;
                            callbackAttempts: {
                                /** Format: date-time */
                                at: string;
                                attempt: number;
                                durationMs: number;
                                error: string | null;
                                retryAt: string | null;
                                statusCode: number | null;
                            }[];
                            /** Format: date-time */
                            createdAt: string;
                            deliveredAt: string | null;
                            environment: string;
                            environmentUrl: string | null;
                            /** @description Also the callback's webhook-id */
                            id: string;
                            /** @description production, preview or teardown */
                            kind: string;
                            lastError: string | null;
                            platformState: string | null;
                            platformStateAt: string | null;
                            pullRequest: number | null;
                            reason: string | null;
                            ref: string;
                            sequence: number | null;
                            sha: string | null;
                            /** @description pending, delivering, delivered, failed; waiting_checks (held by the CI gate), blocked (checks failed or timed out: never sent); superseded (a newer request for the environment went instead: supersededBy), cancelled (not sent, and never will be: lastError says why) */
                            status: string;
                            /** @description What the platform reported of it (POST /api/deployments/{id}/statuses), newest first */
                            statuses: {
                                /** @description Whether it became the request's current state when it arrived (false: it ranked below, kept as history) */
                                applied: boolean;
                                /** Format: date-time */
                                createdAt: string;
                                description: string | null;
                                environmentUrl: string | null;
                                /** Format: uuid */
                                id: string;
                                logUrl: string | null;
                                /** @description GitHub App mode: it is shown on GitHub as a deployment status */
                                mirroredToGitHub: boolean;
                                /** @description queued, in_progress, success, failure, error or inactive */
                                state: string;
                            }[];
                            supersededBy: string | null;
                            /** @description deployment.requested or deployment.teardown */
                            type: string;
                        }[];
                        sender: string | null;
                        /** @description github: GitHub sent it; reconciled: the scheduled reconciliation recovered it (asked GitHub to redeliver it, or derived a push whose delivery never came) */
                        source: "github" | "reconciled";
                        status: "stored" | "pending" | "delivered" | "failed";
                        traceId: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    replayEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description GitHub's X-GitHub-Delivery GUID */
                deliveryId: string;
            };
            cookie?: never;
        };
        /** @description None: the route takes no body */
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Requests the rules derived that the event did not have yet */
                        created: number;
                        deliveryId: string;
                        /** @description false when the queue was unreachable: the worker's sweeper sends them shortly */
                        enqueued: boolean;
                        requests: {
                            attempts: number;
                            /** Format: date-time */
                            createdAt: string;
                            deliveredAt: string | null;
                            environment: string;
                            environmentUrl: string | null;
                            /** @description Also the callback's webhook-id */
                            id: string;
                            /** @description production, preview or teardown */
                            kind: string;
                            lastError: string | null;
                            platformState: string | null;
                            platformStateAt: string | null;
                            pullRequest: number | null;
                            reason: string | null;
                            ref: string;
                            sequence: number | null;
                            sha: string | null;
                            /** @description pending, delivering, delivered, failed; waiting_checks (held by the CI gate), blocked (checks failed or timed out: never sent); superseded (a newer request for the environment went instead: supersededBy), cancelled (not sent, and never will be: lastError says why) */
                            status: string;
                            supersededBy: string | null;
                            /** @description deployment.requested or deployment.teardown */
                            type: string;
                        }[];
                        /** @description Requests whose callback is (re)sent, with their original webhook-id */
                        requeued: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    listDeadLetters: {
        parameters: {
            query: {
                /** @description nextCursor of the previous page */
                cursor?: string;
                limit: number;
                /** @description false: only those not replayed since they last failed; true: only those replayed */
                replayed?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deadLetters: {
                            action: string | null;
                            attempts: number;
                            deliveryId: string | null;
                            /** @description Why its last attempt failed */
                            error: string;
                            event: string | null;
                            /** Format: date-time */
                            firstFailedAt: string;
                            /** @description The GitHub headers the ingest passed on (x-github-delivery, x-github-event, x-github-hook-id, x-github-hook-installation-target-type and -id) */
                            headers: {
                                [key: string]: string;
                            };
                            hookId: string | null;
                            id: string;
                            /** Format: date-time */
                            lastFailedAt: string;
                            /** @description Size of the raw payload; 0 when there was none */
                            payloadBytes: number;
                            receivedAt: string | null;
                            replayedAt: string | null;
                            repositoryId: number | null;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    getDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The dead letter's id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        action: string | null;
                        attempts: number;
                        deliveryId: string | null;
                        /** @description Why its last attempt failed */
                        error: string;
                        event: string | null;
                        /** Format: date-time */
                        firstFailedAt: string;
                        /** @description The GitHub headers the ingest passed on (x-github-delivery, x-github-event, x-github-hook-id, x-github-hook-installation-target-type and -id) */
                        headers: {
                            [key: string]: string;
                        };
                        hookId: string | null;
                        id: string;
                        /** Format: date-time */
                        lastFailedAt: string;
                        payload: string | null;
                        /** @description Size of the raw payload; 0 when there was none */
                        payloadBytes: number;
                        receivedAt: string | null;
                        replayedAt: string | null;
                        repositoryId: number | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    replayDeadLetter: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The dead letter's id (a UUID) */
                id: string;
            };
            cookie?: never;
        };
        /** @description None: the route takes no body */
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveryId: string;
                        id: string;
                        /** Format: date-time */
                        replayedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    streamEvents: {
        parameters: {
            query?: {
                /** @description Last-Event-ID for clients that cannot set headers; the header wins when both are sent */
                lastEventId?: string;
            };
            header?: {
                /** @description The id of the last message received: the stream first sends what came after it (EventSource sends it when it reconnects) */
                "last-event-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Server-Sent Events: `event: event.stored | request.status | request.platform_status | stream.reset | stream.end`, `id:` (not on stream.end), `data:` JSON */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    createAccessToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User or organization login */
                owner: string;
                /** @description Repository name */
                repo: string;
            };
            cookie?: never;
        };
        /** @description None: the route takes no body */
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        expiresAt: string;
                        installationId: number;
                        /** @description What it may do: contents read (and metadata read, implied) */
                        permissions: {
                            [key: string]: string;
                        };
                        repository: {
                            fullName: string;
                            id: number;
                        };
                        /** @description An installation token (ghs_…): send it as a Bearer token, or as the password of x-access-token in a clone URL. Never log or store it. */
                        token: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    listCommits: {
        parameters: {
            query: {
                /** @description Same as sha, by its friendlier name; give one of the two */
                branch?: string;
                /** @description Page number, from 1 */
                page: number;
                /** @description Items per page (GitHub allows at most 100) */
                per_page: number;
                /** @description A commit SHA or branch to list from (GitHub's name for it); default branch when absent */
                sha?: string;
            };
            header?: never;
            path: {
                /** @description User or organization login */
                owner: string;
                /** @description Repository name */
                repo: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        commits: {
                            authoredAt: string | null;
                            authorLogin: string | null;
                            authorName: string | null;
                            htmlUrl: string;
                            message: string;
                            sha: string;
                        }[];
                        /** @description The next page, or null on the last one */
                        nextPage: number | null;
                        page: number;
                        perPage: number;
                        ref: string | null;
                    };
                };
            };
            /** @description Unchanged since the ETag sent */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    getDeployRules: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User or organization login */
                owner: string;
                /** @description Repository name */
                repo: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        changedAt: string | null;
                        changedBy: string | null;
                        /** @description true: no rules were ever stored, the defaults apply */
                        defaults: boolean;
                        /** @description owner/name as GitHub spells it */
                        repository: string;
                        /** @description The rules in force, every default applied (production.branches absent: the repository's default branch) */
                        rules: {
                            /** @description Hold production and preview deploys until the commit's checks pass */
                            checks?: {
                                /**
                                 * @description off: deploy at once; all: wait until every check of the commit has succeeded; named: wait for the checks listed in `names`
                                 * @default off
                                 * @enum {unknown}
                                 */
                                gate: "off" | "all" | "named";
                                /** @description The check names to wait for (required, non-empty, when gate is named) */
                                names?: string[];
                                /**
                                 * @description How long to wait for the checks before giving up (the request is then blocked)
                                 * @default 60
                                 */
                                timeoutMinutes: number;
                            };
                            /** @description Which changed files make a push deploy (pushes only: pull requests and releases always do) */
                            paths?: {
                                /**
                                 * @description Changed files matching these do not count
                                 * @default []
                                 */
                                exclude: string[];
                                /**
                                 * @description A push deploys only if it changed a file matching one of these; empty: any file
                                 * @default []
                                 */
                                include: string[];
                            };
                            /** @description Preview environments */
                            previews?: {
                                /**
                                 * @description Pushes to branches matching these globs deploy a preview in environment branch-<slug>, torn down when the branch is deleted
                                 * @default []
                                 */
                                branches: string[];
                                /**
                                 * @description Pull requests from forks run code nobody here wrote: off: never previewed; labeled: previewed once someone with triage rights adds `label`
                                 * @default off
                                 * @enum {unknown}
                                 */
                                forks: "off" | "labeled";
                                /**
                                 * @description The label that asks for a preview (compared ignoring case, as GitHub does)
                                 * @default deploy-preview
                                 */
                                label: string;
                                /**
                                 * @description all: every pull request from this repository gets a preview (environment pr-<number>); labeled: only those carrying `label`; off: none
                                 * @default all
                                 * @enum {unknown}
                                 */
                                pullRequests: "all" | "labeled" | "off";
                            };
                            /** @description What deploys to the environment "production" */
                            production?: {
                                /** @description The branches whose pushes deploy to production. Absent: the repository's default branch (whatever it is at the time of the push). */
                                branches?: string[];
                                /**
                                 * @description A published release deploys its tag to production
                                 * @default true
                                 */
                                releases: boolean;
                            };
                            /**
                             * @description A push whose head commit message contains one of these (ignoring case) deploys nothing. "[skip ci]" counts only when listed.
                             * @default [
                             *       "[skip deploy]",
                             *       "[deploy skip]"
                             *     ]
                             */
                            skipMarkers: string[];
                        };
                        /** @description Increases by one with every change; 0 when none was ever stored */
                        version: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    replaceDeployRules: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User or organization login */
                owner: string;
                /** @description Repository name */
                repo: string;
            };
            cookie?: never;
        };
        /** @description When a GitHub event becomes a deployment request. Every field is optional: absent means the default. */
        requestBody: {
            content: {
                "application/json": {
                    /** @description Hold production and preview deploys until the commit's checks pass */
                    checks?: {
                        /**
                         * @description off: deploy at once; all: wait until every check of the commit has succeeded; named: wait for the checks listed in `names`
                         * @default off
                         * @enum {unknown}
                         */
                        gate?: "off" | "all" | "named";
                        /** @description The check names to wait for (required, non-empty, when gate is named) */
                        names?: string[];
                        /**
                         * @description How long to wait for the checks before giving up (the request is then blocked)
                         * @default 60
                         */
                        timeoutMinutes?: number;
                    };
                    /** @description Which changed files make a push deploy (pushes only: pull requests and releases always do) */
                    paths?: {
                        /**
                         * @description Changed files matching these do not count
                         * @default []
                         */
                        exclude?: string[];
                        /**
                         * @description A push deploys only if it changed a file matching one of these; empty: any file
                         * @default []
                         */
                        include?: string[];
                    };
                    /** @description Preview environments */
                    previews?: {
                        /**
                         * @description Pushes to branches matching these globs deploy a preview in environment branch-<slug>, torn down when the branch is deleted
                         * @default []
                         */
                        branches?: string[];
                        /**
                         * @description Pull requests from forks run code nobody here wrote: off: never previewed; labeled: previewed once someone with triage rights adds `label`
                         * @default off
                         * @enum {unknown}
                         */
                        forks?: "off" | "labeled";
                        /**
                         * @description The label that asks for a preview (compared ignoring case, as GitHub does)
                         * @default deploy-preview
                         */
                        label?: string;
                        /**
                         * @description all: every pull request from this repository gets a preview (environment pr-<number>); labeled: only those carrying `label`; off: none
                         * @default all
                         * @enum {unknown}
                         */
                        pullRequests?: "all" | "labeled" | "off";
                    };
                    /** @description What deploys to the environment "production" */
                    production?: {
                        /** @description The branches whose pushes deploy to production. Absent: the repository's default branch (whatever it is at the time of the push). */
                        branches?: string[];
                        /**
                         * @description A published release deploys its tag to production
                         * @default true
                         */
                        releases?: boolean;
                    };
                    /**
                     * @description A push whose head commit message contains one of these (ignoring case) deploys nothing. "[skip ci]" counts only when listed.
                     * @default [
                     *       "[skip deploy]",
                     *       "[deploy skip]"
                     *     ]
                     */
                    skipMarkers?: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        changedAt: string | null;
                        changedBy: string | null;
                        /** @description true: no rules were ever stored, the defaults apply */
                        defaults: boolean;
                        /** @description owner/name as GitHub spells it */
                        repository: string;
                        /** @description The rules in force, every default applied (production.branches absent: the repository's default branch) */
                        rules: {
                            /** @description Hold production and preview deploys until the commit's checks pass */
                            checks?: {
                                /**
                                 * @description off: deploy at once; all: wait until every check of the commit has succeeded; named: wait for the checks listed in `names`
                                 * @default off
                                 * @enum {unknown}
                                 */
                                gate: "off" | "all" | "named";
                                /** @description The check names to wait for (required, non-empty, when gate is named) */
                                names?: string[];
                                /**
                                 * @description How long to wait for the checks before giving up (the request is then blocked)
                                 * @default 60
                                 */
                                timeoutMinutes: number;
                            };
                            /** @description Which changed files make a push deploy (pushes only: pull requests and releases always do) */
                            paths?: {
                                /**
                                 * @description Changed files matching these do not count
                                 * @default []
                                 */
                                exclude: string[];
                                /**
                                 * @description A push deploys only if it changed a file matching one of these; empty: any file
                                 * @default []
                                 */
                                include: string[];
                            };
                            /** @description Preview environments */
                            previews?: {
                                /**
                                 * @description Pushes to branches matching these globs deploy a preview in environment branch-<slug>, torn down when the branch is deleted
                                 * @default []
                                 */
                                branches: string[];
                                /**
                                 * @description Pull requests from forks run code nobody here wrote: off: never previewed; labeled: previewed once someone with triage rights adds `label`
                                 * @default off
                                 * @enum {unknown}
                                 */
                                forks: "off" | "labeled";
                                /**
                                 * @description The label that asks for a preview (compared ignoring case, as GitHub does)
                                 * @default deploy-preview
                                 */
                                label: string;
                                /**
                                 * @description all: every pull request from this repository gets a preview (environment pr-<number>); labeled: only those carrying `label`; off: none
                                 * @default all
                                 * @enum {unknown}
                                 */
                                pullRequests: "all" | "labeled" | "off";
                            };
                            /** @description What deploys to the environment "production" */
                            production?: {
                                /** @description The branches whose pushes deploy to production. Absent: the repository's default branch (whatever it is at the time of the push). */
                                branches?: string[];
                                /**
                                 * @description A published release deploys its tag to production
                                 * @default true
                                 */
                                releases: boolean;
                            };
                            /**
                             * @description A push whose head commit message contains one of these (ignoring case) deploys nothing. "[skip ci]" counts only when listed.
                             * @default [
                             *       "[skip deploy]",
                             *       "[deploy skip]"
                             *     ]
                             */
                            skipMarkers: string[];
                        };
                        /** @description Increases by one with every change; 0 when none was ever stored */
                        version: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    listDeployRulesHistory: {
        parameters: {
            query: {
                /** @description How many versions, newest first */
                limit: number;
            };
            header?: never;
            path: {
                /** @description User or organization login */
                owner: string;
                /** @description Repository name */
                repo: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        repository: string;
                        /** @description Newest first; empty when the defaults were never changed */
                        versions: {
                            changedAt: string | null;
                            changedBy: string | null;
                            /** @description The rules in force, every default applied (production.branches absent: the repository's default branch) */
                            rules: {
                                /** @description Hold production and preview deploys until the commit's checks pass */
                                checks?: {
                                    /**
                                     * @description off: deploy at once; all: wait until every check of the commit has succeeded; named: wait for the checks listed in `names`
                                     * @default off
                                     * @enum {unknown}
                                     */
                                    gate: "off" | "all" | "named";
                                    /** @description The check names to wait for (required, non-empty, when gate is named) */
                                    names?: string[];
                                    /**
                                     * @description How long to wait for the checks before giving up (the request is then blocked)
                                     * @default 60
                                     */
                                    timeoutMinutes: number;
                                };
                                /** @description Which changed files make a push deploy (pushes only: pull requests and releases always do) */
                                paths?: {
                                    /**
                                     * @description Changed files matching these do not count
                                     * @default []
                                     */
                                    exclude: string[];
                                    /**
                                     * @description A push deploys only if it changed a file matching one of these; empty: any file
                                     * @default []
                                     */
                                    include: string[];
                                };
                                /** @description Preview environments */
                                previews?: {
                                    /**
                                     * @description Pushes to branches matching these globs deploy a preview in environment branch-<slug>, torn down when the branch is deleted
                                     * @default []
                                     */
                                    branches: string[];
                                    /**
                                     * @description Pull requests from forks run code nobody here wrote: off: never previewed; labeled: previewed once someone with triage rights adds `label`
                                     * @default off
                                     * @enum {unknown}
                                     */
                                    forks: "off" | "labeled";
                                    /**
                                     * @description The label that asks for a preview (compared ignoring case, as GitHub does)
                                     * @default deploy-preview
                                     */
                                    label: string;
                                    /**
                                     * @description all: every pull request from this repository gets a preview (environment pr-<number>); labeled: only those carrying `label`; off: none
                                     * @default all
                                     * @enum {unknown}
                                     */
                                    pullRequests: "all" | "labeled" | "off";
                                };
                                /** @description What deploys to the environment "production" */
                                production?: {
                                    /** @description The branches whose pushes deploy to production. Absent: the repository's default branch (whatever it is at the time of the push). */
                                    branches?: string[];
                                    /**
                                     * @description A published release deploys its tag to production
                                     * @default true
                                     */
                                    releases: boolean;
                                };
                                /**
                                 * @description A push whose head commit message contains one of these (ignoring case) deploys nothing. "[skip ci]" counts only when listed.
                                 * @default [
                                 *       "[skip deploy]",
                                 *       "[deploy skip]"
                                 *     ]
                                 */
                                skipMarkers: string[];
                            };
                            /** @description Increases by one with every change; 0 when none was ever stored */
                            version: number;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    listEnvironments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User or organization login */
                owner: string;
                /** @description Repository name */
                repo: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Ordered by name; empty when nothing was requested yet */
                        environments: {
                            lastDeployed: {
                                at: string | null;
                                id: string;
                                sha: string | null;
                            } | null;
                            lastRequested: {
                                /** Format: date-time */
                                createdAt: string;
                                /** @description The request (the callback's webhook-id) */
                                id: string;
                                /** @description production, preview or teardown */
                                kind: string;
                                sequence: number | null;
                                sha: string | null;
                                /** @description The request's delivery status (pending, delivered, failed, waiting_checks, blocked, …) */
                                status: string;
                            } | null;
                            /** @description production, pr-<number>, branch-<slug> */
                            name: string;
                            state: string | null;
                            stateAt: string | null;
                            url: string | null;
                        }[];
                        repository: {
                            fullName: string;
                            id: number | null;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    replayFailedRequests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User or organization login */
                owner: string;
                /** @description Repository name */
                repo: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description At most this many, oldest failure first
                     * @default 100
                     */
                    limit?: number;
                    /**
                     * Format: date-time
                     * @description Replay the requests that failed at or after this time (ISO 8601)
                     */
                    since: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description false: the queue could not be reached; the requests are pending and the worker's sweeper sends them */
                        enqueued: boolean;
                        /** @description true: failed requests since `since` remain beyond the limit; call again to replay them */
                        more: boolean;
                        /** @description How many failed requests were set back to pending and their callbacks queued */
                        queued: number;
                        /** @description owner/name */
                        repository: string;
                        /** @description The requests queued, oldest failure first */
                        requestIds: string[];
                        /** Format: date-time */
                        since: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    setupWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User or organization login */
                owner: string;
                /** @description Repository name */
                repo: string;
            };
            cookie?: never;
        };
        /** @description None: the route takes no body */
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description created: new hook (201); adopted: an existing hook at WEBHOOK_URL now has our secret; repaired: put back after it was edited on GitHub; unchanged: it already was right */
                        outcome: "created" | "adopted" | "repaired" | "unchanged";
                        /** @description What was wrong: inactive, url, content_type, insecure_ssl, secret, events */
                        repaired: string[];
                        repository: string;
                        webhook: {
                            active: boolean;
                            events: string[];
                            hookId: number | null;
                            /** @description none: not set up; pending: set up, GitHub's ping not received yet; connected: verified; inactive: disabled on GitHub */
                            status: "none" | "pending" | "connected" | "inactive";
                            url: string;
                            verifiedAt: string | null;
                        };
                    } | {
                        installationId: number;
                        /**
                         * @description GitHub App mode: the App's webhook serves the repository
                         * @enum {string}
                         */
                        mode: "app";
                        repository: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description created: new hook (201); adopted: an existing hook at WEBHOOK_URL now has our secret; repaired: put back after it was edited on GitHub; unchanged: it already was right */
                        outcome: "created" | "adopted" | "repaired" | "unchanged";
                        /** @description What was wrong: inactive, url, content_type, insecure_ssl, secret, events */
                        repaired: string[];
                        repository: string;
                        webhook: {
                            active: boolean;
                            events: string[];
                            hookId: number | null;
                            /** @description none: not set up; pending: set up, GitHub's ping not received yet; connected: verified; inactive: disabled on GitHub */
                            status: "none" | "pending" | "connected" | "inactive";
                            url: string;
                            verifiedAt: string | null;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description app_not_installed (GitHub App mode), or another conflict */
                        error: string;
                        /** @description The GitHub App's install page, the repository pre-selected */
                        installUrl?: string;
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User or organization login */
                owner: string;
                /** @description Repository name */
                repo: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The most recent deliveries, newest first, as GitHub reports them */
                        deliveries: {
                            action: string | null;
                            deliveredAt: string;
                            durationS: number;
                            event: string;
                            guid: string;
                            id: number;
                            redelivery: boolean;
                            status: string;
                            statusCode: number;
                        }[];
                        /** @description What differs from our configuration (setup-webhook repairs it) */
                        drift: string[];
                        events: string[];
                        hookId: number | null;
                        lastResponse: {
                            code: number | null;
                            message: string | null;
                            status: string | null;
                        } | null;
                        /** @description false when the hook was deleted on GitHub (setup-webhook recreates it) */
                        onGitHub: boolean;
                        previousSecretValidUntil: string | null;
                        repository: string;
                        /** @description none: not set up; pending: set up, GitHub's ping not received yet; connected: verified; inactive: disabled on GitHub */
                        status: "none" | "pending" | "connected" | "inactive";
                        url: string | null;
                        verifiedAt: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User or organization login */
                owner: string;
                /** @description Repository name */
                repo: string;
            };
            cookie?: never;
        };
        /** @description None: the route takes no body */
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    pingWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User or organization login */
                owner: string;
                /** @description Repository name */
                repo: string;
            };
            cookie?: never;
        };
        /** @description None: the route takes no body */
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        hookId: number;
                        pinged: boolean;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    redeliverFailedDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User or organization login */
                owner: string;
                /** @description Repository name */
                repo: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description Only deliveries from then on; default: the last 3 days (what GitHub keeps)
                     */
                    since?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Redeliveries GitHub refused (for example: older than it keeps) */
                        errors: {
                            deliveryId: number;
                            guid: string;
                            message: string;
                        }[];
                        /** @description Events none of whose attempts succeeded: GitHub was asked to send them again (same GUID) */
                        redelivered: {
                            deliveryId: number;
                            event: string;
                            guid: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description User or organization login */
                owner: string;
                /** @description Repository name */
                repo: string;
            };
            cookie?: never;
        };
        /** @description None: the route takes no body */
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        hookId: number;
                        previousSecretValidUntil: string | null;
                        /** Format: date-time */
                        rotatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    receiveWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description The delivery GUID: the delivery's id from here on */
                "X-GitHub-Delivery": string;
                /** @description The event name (push, pull_request, ping, ...); the payload must fit it */
                "X-GitHub-Event": string;
                /** @description The hook's numeric id: selects its secret */
                "X-GitHub-Hook-ID"?: string;
                /** @description The id of that target */
                "X-GitHub-Hook-Installation-Target-ID"?: string;
                /** @description `repository`, `organization`, or `integration` for a GitHub App's webhook */
                "X-GitHub-Hook-Installation-Target-Type"?: string;
                /** @description `sha256=` and the HMAC-SHA256 of the body in hex; the sha1 `X-Hub-Signature` alone is refused */
                "X-Hub-Signature-256": string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description The payload exactly as GitHub sent it, at most 25 MB, uncompressed. */
        requestBody: {
            content: {
                "application/json": Record<string, never>;
                "application/x-www-form-urlencoded": {
                    /** @description The payload as JSON */
                    payload: string;
                };
            };
        };
        responses: {
            /** @description Stored, or stored already (a duplicate is not stored again). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description X-GitHub-Delivery */
                        deliveryId: string;
                    };
                };
            };
            /** @description X-GitHub-Event or X-GitHub-Delivery missing or malformed, X-GitHub-Hook-ID not a number, a body that is empty, not UTF-8, not a JSON object, nested over 1,000 levels or not shaped like its event, a form without `payload`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        error: "bad_request";
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description The signature is missing, malformed or sha1 only; otherwise one answer (`unauthorized`) for every delivery that could not be verified, whatever the reason (the ingest's log says which); in App mode, a repository the App's installation does not cover (`installation_mismatch`). */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        error: "missing_signature" | "malformed_signature" | "sha1_only" | "unauthorized" | "installation_mismatch";
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description The body had not fully arrived REQUEST_TIMEOUT_MS (30 s) after the request began; the connection is closed. */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description A body over 25 MB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        error: "payload_too_large";
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description A content type other than application/json or application/x-www-form-urlencoded, or a Content-Encoding. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        error: "unsupported_media_type" | "unsupported_encoding";
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Not stored: Redis unreachable or too slow, the ingest overloaded or shutting down. GitHub can redeliver it. */
            503: {
                headers: {
                    /** @description Seconds to wait before redelivering */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        error: "unavailable";
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    loginCallback: {
        parameters: {
            query?: {
                /** @description GitHub's one-time authorization code */
                code?: string;
                /** @description Set by GitHub when the user denied consent */
                error?: string;
                error_description?: string;
                error_uri?: string;
                /** @description The state /auth/login sent to GitHub */
                state?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed in: to the frontend */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    login: {
        parameters: {
            query?: {
                /** @description Where to go after login: a path or URL on FRONTEND_URL (anything else is refused). Defaults to FRONTEND_URL. */
                redirect?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To GitHub's authorize page */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description None: the route takes no body */
        requestBody: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Signed out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Send it back in the x-csrf-token header on POST and DELETE requests */
                        csrfToken: string;
                        /**
                         * Format: date-time
                         * @description When this session ends; sign in again after
                         */
                        expiresAt: string;
                        user: {
                            avatarUrl: string | null;
                            email: string | null;
                            githubId: number;
                            /**
                             * Format: uuid
                             * @description Our platform account id
                             */
                            id: string;
                            login: string;
                            name: string | null;
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The platform account mapped to this GitHub identity (created on first sign-in) */
                        account: {
                            /** Format: date-time */
                            createdAt: string;
                            githubId: number;
                            /** Format: uuid */
                            id: string;
                            lastLoginAt: string | null;
                            login: string;
                        };
                        /** @description The GitHub profile, as GitHub reports it now (email: the primary verified one when the profile hides it) */
                        github: {
                            avatarUrl: string;
                            email: string | null;
                            htmlUrl: string;
                            id: number;
                            login: string;
                            name: string | null;
                            /** @description The OAuth scopes the session's token carries */
                            scopes: string[];
                        };
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
    listUserRepos: {
        parameters: {
            query: {
                /** @description Comma-separated: owner, collaborator, organization_member */
                affiliation: string;
                /** @description Page number, from 1 */
                page: number;
                /** @description Items per page (GitHub allows at most 100) */
                per_page: number;
                sort: "created" | "updated" | "pushed" | "full_name";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The next page, or null on the last one */
                        nextPage: number | null;
                        page: number;
                        perPage: number;
                        repos: {
                            /** @description Our webhook exists on the repository and GitHub reached it (ping verified); GitHub App mode: an installation of the App covers it */
                            connected: boolean;
                            defaultBranch: string;
                            description: string | null;
                            fullName: string;
                            htmlUrl: string;
                            id: number;
                            installationId: number | null;
                            name: string;
                            owner: string;
                            permissions: {
                                admin: boolean;
                                pull: boolean;
                                push: boolean;
                            };
                            private: boolean;
                            webhook: {
                                hookId: number | null;
                                /** @description none: not set up; pending: set up, GitHub's ping not received yet; connected: verified; inactive: disabled on GitHub */
                                status: "none" | "pending" | "connected" | "inactive";
                                verifiedAt: string | null;
                            };
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description A stable machine-readable code, e.g. validation_failed, unauthorized, csrf_invalid */
                        error: string;
                        /** @description What went wrong and what to do about it */
                        message: string;
                    };
                };
            };
        };
    };
}
