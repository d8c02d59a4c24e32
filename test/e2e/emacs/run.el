;;; Drives Emacs (batch) with Eglot set up by docs/editors/eglot.el: opens a cable, lets Eglot
;;; start cable-language-server from the PATH, asks for the outline, waits for the diagnostics
;;; Flymake gets, and writes what it saw as JSON. Inputs from the environment
;;; (test/e2e/emacs.e2e.test.ts): CABLE_CONFIG, CABLE_FILE, CABLE_OUT.
(require 'json)
(defvar cable-out (list))
(condition-case err
    (progn
      (load (getenv "CABLE_CONFIG"))
      (require 'eglot)
      (setq eglot-sync-connect t)
      (find-file (getenv "CABLE_FILE"))
      (push (cons 'mode (symbol-name major-mode)) cable-out)
      ;; What `eglot-ensure' (the configuration's hook) does once Emacs is idle; batch mode never is.
      (apply #'eglot (eglot--guess-contact))
      (let ((server (eglot-current-server)))
        (push (cons 'server (plist-get (eglot--server-info server) :name)) cable-out)
        (push (cons 'symbols
                    (length (jsonrpc-request server :textDocument/documentSymbol
                                             (list :textDocument (eglot--TextDocumentIdentifier)))))
              cable-out)
        (with-timeout (20 (push (cons 'timeout t) cable-out))
          (while (null (flymake-diagnostics)) (accept-process-output nil 0.1)))
        (push (cons 'diagnostics
                    (vconcat
                     (mapcar (lambda (d)
                               (list (cons 'line (1- (line-number-at-pos (flymake-diagnostic-beg d))))
                                     (cons 'type (symbol-name (flymake-diagnostic-type d)))
                                     (cons 'text (flymake-diagnostic-text d))))
                             (flymake-diagnostics))))
              cable-out)
        (eglot-shutdown server)))
  (error (push (cons 'error (format "%S" err)) cable-out)))
(with-temp-file (getenv "CABLE_OUT") (insert (json-encode cable-out)))
(kill-emacs 0)
