/* global document, window, DOMParser */
// Progressive enhancement for the deliberation pages; everything works without it.
// - Vote buttons post in the background and swap in the next statement without a page load.
// - The embed code gets a copy button.
(function () {
  'use strict';

  function swapCard(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var next = doc.getElementById('deliberation-participate');
    var current = document.getElementById('deliberation-participate');
    if (!next || !current) return false;
    current.replaceWith(next);
    bindVotes(next);
    var heading = next.querySelector('#og-statement-heading');
    if (heading) heading.focus();
    return true;
  }

  function bindVotes(root) {
    root.querySelectorAll('form[data-og-vote]').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        var submitter = event.submitter;
        if (!submitter || !window.fetch || !window.DOMParser) return;
        event.preventDefault();
        var body = new URLSearchParams(new FormData(form));
        body.set(submitter.name, submitter.value);
        form.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
        fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin', headers: { accept: 'text/html' } })
          .then(function (response) { return response.text().then(function (text) { return { ok: response.ok, text: text }; }); })
          .then(function (result) {
            if (!result.ok || !swapCard(result.text)) {
              document.open();
              document.write(result.text);
              document.close();
            }
          })
          .catch(function () {
            var hidden = document.createElement('input');
            hidden.type = 'hidden';
            hidden.name = submitter.name;
            hidden.value = submitter.value;
            form.appendChild(hidden);
            form.submit();
          });
      });
    });
  }

  function bindCopy() {
    document.querySelectorAll('button[data-copy]').forEach(function (button) {
      var target = document.getElementById(button.getAttribute('data-copy'));
      if (!target || !navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener('click', function () {
        navigator.clipboard.writeText(target.value).then(function () {
          button.textContent = button.getAttribute('data-copied') || button.textContent;
        });
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    bindVotes(document);
    bindCopy();
  });
})();
