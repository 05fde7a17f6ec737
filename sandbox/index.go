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
    GET    /v1/api/conversation_ratings/configuration  conversation rating settings
    PATCH  /v1/api/conversation_ratings/configuration  change them (popup active must equal rating active)

    GET    /v1/api_core/conversations/             list conversations (limit, offset, query, assignee_type,
                                                   source, resolution_status, most_frequent_language,
                                                   created_timestamp_start_date/_end_date,
                                                   last_message_at_start_date/_end_date)
    GET    /v1/api_core/conversations/{id}/        one conversation, with unified_analysis
    GET    /v1/api_core/conversations/{id}/events  its messages, link clicks and log entries (inferred)
    GET    /v1/api_core/conversations/{id}/metadata  the team's metadata about it
    POST   /v1/api_core/conversations/{id}/metadata  replace it ({"metadata": {...}}), checked against
                                                   the agent's JSON Schema

Errors use the Quickchat envelope: {"errors":{"root":[{"message":"...","code":"..."}]}}
`)
}
