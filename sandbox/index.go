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

Authentication: every /v1/api/ call needs "Authorization: Bearer <token>".
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
    GET    /v1/api/knowledge_base/articles/{id}    one article
    PATCH  /v1/api/knowledge_base/articles/{id}    update an article (save_mode draft|publish)
    GET    /v1/api/knowledge_base/tags/            all tags

Errors use the Quickchat envelope: {"errors":{"root":[{"message":"...","code":"..."}]}}
`)
}
