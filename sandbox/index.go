package sandbox

import (
	"fmt"
	"net/http"
)

// index tells whoever opens the sandbox's root what it is and how to use it.
func (s *Sandbox) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	fmt.Fprint(w, `qcadmin Quickchat sandbox

An offline, persistent implementation of the public Quickchat AI REST API (https://app.quickchat.ai),
seeded with a demo agent (scenario `+DemoScenarioID+`). Point any Quickchat client at this origin.

Authentication: every /v1/api/ and /v1/api_core/ call needs "Authorization: Bearer <token>".
Get a token for the demo agent with:

    qcadmin token                      # write_all, 52 weeks
    qcadmin token --scope read_all     # read-only
    qcadmin token --scenario my-agent  # another (initially empty) agent
    qcadmin token --api-key            # the agent's legacy api_key instead (legacy chat, X-API-Key)

Endpoints (trailing slash optional):

    GET    /v1/api/knowledge_base/                 knowledge base settings
    PATCH  /v1/api/knowledge_base/                 update settings
    GET    /v1/api/knowledge_base/articles/        list articles (limit, offset, types, tags, url, title, query)
    POST   /v1/api/knowledge_base/articles/        create an article
    DELETE /v1/api/knowledge_base/articles/        delete articles (JSON array of ids)
    GET    /v1/api/knowledge_base/articles/search  search published articles (query, is_case_insensitive,
                                                   with_title_url_and_tags, strict_search,
                                                   num_of_display_articles, num_of_data_articles)
    GET    /v1/api/knowledge_base/articles/paragraphs  chunks of published articles (limit, offset, query)
    GET    /v1/api/knowledge_base/articles/{id}    one article
    PATCH  /v1/api/knowledge_base/articles/{id}    update an article (save_mode draft|publish)
    GET    /v1/api/knowledge_base/articles/{id}/lang_urls/{language}  an article's URL in a language
    POST   /v1/api/knowledge_base/articles/{id}/lang_urls/{language}  set it ({"url": "..."})
    PATCH  /v1/api/knowledge_base/articles/{id}/lang_urls/{language}  change it
    DELETE /v1/api/knowledge_base/articles/{id}/lang_urls/{language}  remove it
    GET    /v1/api/knowledge_base/tags/            all tags
    POST   /v1/api/knowledge_base/retrain          retrain the agent (inferred; progress in retrain_state)
    POST   /v1/api/knowledge_base/file_upload_api/pdf  upload a PDF (multipart field pdf_file) as a draft article
    POST   /v1/api/knowledge_base/file_upload_api/     upload a PDF, DOCX, text or Markdown file (field file)
    POST   /v1/api/knowledge_base/import_external/website      import a page, or a site (mode site_wide, 20 pages)
    POST   /v1/api/knowledge_base/import_external/site-map     import the pages of an XML sitemap (100 links)
    POST   /v1/api/knowledge_base/import_external/scrape-list  import a list of links (100 links)
    POST   /v1/api/knowledge_base/import_external/youtube      accepted (202), but the sandbox cannot reach
                                                   YouTube, so no transcript article ever appears
    POST   /v1/api/knowledge_base/sources/{source}/import         import a source's articles (drafts)
    POST   /v1/api/knowledge_base/sources/{source}/delete         delete every article of the source
    POST   /v1/api/knowledge_base/sources/{source}/articles_diff  compare the copies with the source
    POST   /v1/api/knowledge_base/intercom/import            the same for Intercom
    POST   /v1/api/knowledge_base/intercom/delete
    GET    /v1/api/knowledge_base/intercom/articles_diff
    POST   /v1/api/knowledge_base/intercom/refresh_articles  re-copy Intercom articles (article_ids,
                                                   fetch_new_articles)

Imports fetch only from hosts in QCADMIN_SANDBOX_FETCH_ALLOW (default: loopback only), at most 5 MiB
per page, and create drafts. The sandbox has no language model: summarize and individual_with_summary
put the page's first sentences under a "Summary" heading. Uploads are limited by
QCADMIN_SANDBOX_UPLOAD_LIMIT (default 20 MiB).

Sources are simulated: each name (intercom, shopify, or any [a-z0-9_-] name) has its own external
articles, created on first use. Change the external side to try a diff (sandbox only, same token):

    GET    /sandbox/sources/{source}/articles                 the external articles
    POST   /sandbox/sources/{source}/articles                 add one ({"title": "...", "content": "..."})
    PATCH  /sandbox/sources/{source}/articles/{external_id}   edit it ({"title"?, "content"?})
    DELETE /sandbox/sources/{source}/articles/{external_id}   remove it (the diff then says REMOVED)
    GET    /v1/api/conversation_ratings/configuration  conversation rating settings
    PATCH  /v1/api/conversation_ratings/configuration  change them (popup active must equal rating active)
    GET    /v1/api/chatbot_settings                personality, profession, greeting, language, reply length…
    PATCH  /v1/api/chatbot_settings                change any of them (inferred); one_word_description,
                                                   short_description and ai_commands are the knowledge
                                                   base settings' own, one value for both calls
    GET    /v1/api/widget/configuration            the chat widget's texts, switches, colours, layout
    PATCH  /v1/api/widget/configuration            change any of them (inferred); colours as "rgb(r, g, b)"
    GET    /v1/api/human_handoff/configuration     when and how the agent hands over to the team (inferred shape)
    PUT    /v1/api/human_handoff/configuration     replace it whole
    GET    /v1/api/ai_actions/                     all AI actions (a bare array)
    PATCH  /v1/api/ai_actions/{id}                 switch one on or off ({"is_active": true}); only a valid one goes on
    DELETE /v1/api/ai_actions/{id}                 delete it (204)
    POST   /v1/api/ai_actions/knowledge_base       create a Knowledge Base action (201, inactive, not yet valid)
    GET    /v1/api/ai_actions/{id}/knowledge_base  one Knowledge Base action
    PUT    /v1/api/ai_actions/{id}/knowledge_base  set name, description, parameter_description and tag (all four);
                                                   it is valid once all are set and an article carries the tag

    GET    /v1/api_core/conversations/             list conversations (limit, offset, query, assignee_type,
                                                   source, resolution_status, most_frequent_language,
                                                   created_timestamp_start_date/_end_date,
                                                   last_message_at_start_date/_end_date)
    GET    /v1/api_core/conversations/{id}/        one conversation, with unified_analysis
    GET    /v1/api_core/conversations/{id}/events  its messages, link clicks and log entries (inferred)
    GET    /v1/api_core/conversations/{id}/metadata  the team's metadata about it
    POST   /v1/api_core/conversations/{id}/metadata  replace it ({"metadata": {...}}), checked against
                                                   the agent's JSON Schema

Chat with the agent (realtime chat) at this origin's /chat, with a token of either scope:

    POST   /chat   {"scenario_id": "...", "text": "...", "conv_id"?: "...", "client_metadata"?: {at most 5 keys}}
                   → {"conv_id": "...", "reply": "...", "ord_number": N, "src": 0}

The legacy chat is the same call without the Authorization header and with "api_key" (each agent's
legacy key, made on first use and kept) and "scenario_id" in the body, plus "message_context" and
"skip_reply" (the message is stored, the reply is ""). The sandbox has no language model: it answers
with the best-matching paragraphs of the published articles, or says it could not find the answer.
Every exchange is a conversation (source api) in the list above, with its messages, and log entries
for client_metadata and message_context. A conv_id the agent has not seen starts a conversation with
that id in the legacy chat (the realtime chat answers 404). Fields a body does not define are ignored.

The official MCP client (quickchatai/quickchat-ai-mcp) works with BASE_URL set to this origin. Its calls
take a Bearer token of either scope, or the headers scenario-id and X-API-Key (the legacy api_key):

    GET    /v1/api/mcp/settings  {"active": true, "name": "...", "command": "...", "description": "..."}
    POST   /v1/api/mcp/chat      {"conv_id": null | "...", "text": "...", "mcp_client_name": "..."}
                                 → {"conv_id": "...", "reply": "..."}; a conversation on source mcp
                                 with {"mcp_client_name": ...} as its client_metadata
    GET    /sandbox/mcp          the agent's MCP configuration (sandbox only, Bearer)
    PUT    /sandbox/mcp          change it ({"active"?, "name"?, "command"?, "description"?})

Errors use the Quickchat envelope: {"errors":{"root":[{"message":"...","code":"..."}]}}
`)
}
