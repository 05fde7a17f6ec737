// qcadmin conversation review: keyboard shortcuts for the inbox and a conversation.
(function () {
  "use strict";
})();
